//! Macros the domain's modules share.

/// A closed set of values kept as text (in SQL, JSON and forms): `ALL`, `as_str`, a `label` for
/// people, and a `FromStr` whose error names the field and lists the allowed values.
macro_rules! string_enum {
    ($ty:ty, $field:literal, $($variant:path => $text:literal, $label:literal),+ $(,)?) => {
        impl $ty {
            pub const ALL: &'static [$ty] = &[$($variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($variant => $text),+ }
            }

            /// The words shown to a person.
            pub fn label(self) -> &'static str {
                match self { $($variant => $label),+ }
            }
        }

        impl std::str::FromStr for $ty {
            type Err = $crate::error::FieldError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s.trim() {
                    $($text => Ok($variant),)+
                    other => Err($crate::error::FieldError::new(
                        $field,
                        format!("“{other}” is not one of: {}", [$($text),+].join(", ")),
                    )),
                }
            }
        }

        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
