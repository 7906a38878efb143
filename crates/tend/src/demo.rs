//! `tend demo`: a realistic demo organisation, the same for the same seed, with three well-known
//! logins. Every capability adds its data here so the demo shows all of Tend.

use std::collections::{BTreeSet, HashSet, VecDeque};

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use tend_app::{App, Viewer};
use tend_domain::import::ImportedPerson;
use tend_domain::password::hash_password;
use tend_domain::person::{CareerTrack, Profile};
use tend_domain::{Email, Role};
use tend_store::Store;

use crate::cli::{DEFAULT_DEMO_DATABASE_URL, DemoArgs};
use crate::people_csv::progress;
use crate::serve::{base_url_or_listen, serve_store};

pub const DEMO_PASSWORD: &str = "tend-demo";
pub const ADMIN_EMAIL: &str = "admin@example.com";
pub const LEAD_EMAIL: &str = "lead@example.com";
pub const MEMBER_EMAIL: &str = "member@example.com";
/// Fewer people than this cannot hold the three logins and the person they report to.
pub const MIN_PEOPLE: usize = 4;

/// A generated organisation, ready to be imported.
pub struct DemoOrg {
    pub people: Vec<ImportedPerson>,
    pub profiles: Vec<(String, Profile)>,
    pub teams: Vec<(String, String, String)>,
}

pub async fn run(args: &DemoArgs) -> anyhow::Result<()> {
    if args.people < MIN_PEOPLE {
        anyhow::bail!("--people must be at least {MIN_PEOPLE}");
    }
    let store = Store::connect(args.serve.database.url_or(DEFAULT_DEMO_DATABASE_URL)).await?;
    let app = App::new(store.clone(), &base_url_or_listen(&args.serve));
    if app.count_people(&Viewer::COMMAND_LINE).await? == 0 {
        seed(&app, args.people, args.seed).await?;
    } else {
        eprintln!("The database already holds people; serving it as it is.");
    }
    if args.no_serve {
        return Ok(());
    }
    let banner = format!(
        "Sign in with any of these (password `{DEMO_PASSWORD}`):\n  {ADMIN_EMAIL}   an admin\n  {LEAD_EMAIL}    a team lead with reports\n  {MEMBER_EMAIL}  one of that lead's reports"
    );
    serve_store(&args.serve, store, Some(banner)).await
}

/// Generates and stores the organisation through the use cases, with progress bars.
pub async fn seed(app: &App, size: usize, seed: u64) -> anyhow::Result<()> {
    let operator = Viewer::COMMAND_LINE;
    let org = generate(size, seed);
    let one_on_ones = crate::demo_one_on_ones::plan(&org, seed, app.now());
    let recognitions = crate::demo_recognition::plan(&org, seed, app.now());
    let align = crate::demo_align::plan(&org, seed, app.now());
    // One hash for everyone: argon2 is slow by design, and these are demo accounts.
    let hash = hash_password(DEMO_PASSWORD);
    let bar = progress(org.people.len() as u64, "people");
    app.import_planned_people(&operator, &org.people, &|done, _| bar.set_position(done))
        .await?;
    bar.finish_and_clear();
    let profiles: Vec<(String, Profile, Option<String>)> = org
        .profiles
        .into_iter()
        .map(|(email, profile)| (email, profile, Some(hash.clone())))
        .collect();
    let bar = progress(profiles.len() as u64, "profiles");
    app.seed_profiles(&operator, &profiles, &|done, _| bar.set_position(done))
        .await?;
    bar.finish_and_clear();
    // The import created the teams by name; give each its purpose and lead.
    let bar = progress(org.teams.len() as u64, "teams");
    app.seed_teams(&operator, &org.teams, &|done, _| bar.set_position(done))
        .await?;
    bar.finish_and_clear();
    let bar = progress(one_on_ones.len() as u64, "one-on-ones");
    app.seed_one_on_ones(&operator, &one_on_ones, &|done, _| bar.set_position(done))
        .await?;
    bar.finish_and_clear();
    app.seed_recognitions(&operator, crate::demo_recognition::VALUES, &recognitions)
        .await?;
    app.seed_align(&operator, &align).await?;
    let surveys = crate::demo_surveys::seed(app, seed, app.now()).await?;
    eprintln!(
        "Created a demo organisation of {} people in {} teams, with {} one-on-ones, {} recognitions, {} goals, {} opportunities and {surveys} surveys (seed {seed}).",
        org.people.len(),
        org.teams.len(),
        one_on_ones.len(),
        recognitions.len(),
        align.goals.len(),
        align.opportunities.len()
    );
    Ok(())
}

const FIRST_NAMES: &[&str] = &[
    "Aisha",
    "Ben",
    "Carmen",
    "Dmitri",
    "Elif",
    "Farah",
    "Gabriel",
    "Hana",
    "Ikechukwu",
    "Jana",
    "Kofi",
    "Lena",
    "Mateo",
    "Nadia",
    "Oskar",
    "Priya",
    "Quentin",
    "Rosa",
    "Sven",
    "Tomás",
    "Uma",
    "Viktor",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zara",
    "Amara",
    "Bruno",
    "Chloé",
    "Diego",
    "Emma",
    "Felix",
    "Grace",
    "Hugo",
    "Ines",
    "Jonas",
    "Keiko",
    "Liam",
    "Maya",
    "Noah",
    "Olga",
    "Pablo",
    "Rahul",
    "Sofia",
    "Theo",
    "Valentina",
    "Wanjiru",
    "Yara",
    "Zeynep",
    "Arjun",
];
const LAST_NAMES: &[&str] = &[
    "Okafor",
    "Lindqvist",
    "García",
    "Ivanova",
    "Yılmaz",
    "Haddad",
    "Moreau",
    "Tanaka",
    "Mensah",
    "Novák",
    "Schmidt",
    "Rossi",
    "Kowalski",
    "Nguyen",
    "Fernandes",
    "Kaur",
    "O'Brien",
    "Andersen",
    "Silva",
    "Dubois",
    "Chen",
    "Müller",
    "Popescu",
    "Hassan",
    "Kim",
    "Jansen",
    "Costa",
    "Wójcik",
    "Mwangi",
    "Singh",
    "Reyes",
    "Petrov",
    "Sato",
    "Bakker",
    "Nilsson",
    "Ahmed",
    "López",
    "Horvat",
    "Papadopoulos",
    "Kelly",
];
const TEAM_WORDS: &[&str] = &[
    "Platform",
    "Payments",
    "Search",
    "Mobile",
    "Growth",
    "Data",
    "Identity",
    "Billing",
    "Onboarding",
    "Insights",
    "Reliability",
    "Design Systems",
    "Checkout",
    "Messaging",
    "Partnerships",
    "Security",
    "Support Tools",
    "Infrastructure",
];
const PURPOSES: &[&str] = &[
    "Make shipping safe and boring, so every team can release on a Tuesday afternoon without fear.",
    "Help customers pay us easily and trust us with their money.",
    "Help people find what they came for in seconds.",
    "Give every customer a first week that makes them stay.",
    "Turn what we learn from our data into decisions people understand.",
    "Keep our customers' accounts theirs: secure, private and easy to use.",
];
const TIME_ZONES: &[&str] = &[
    "Europe/Lisbon",
    "Europe/Berlin",
    "America/New_York",
    "America/Sao_Paulo",
    "Africa/Lagos",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "UTC",
];
const ASPIRATIONS: &[&str] = &[
    "Lead a team of my own within two years.",
    "Grow into a staff engineer: deeper technical ownership, without managing people.",
    "Present our work to leadership and get better at storytelling.",
    "Move closer to product decisions.",
    "Become the person others come to for mentoring.",
    "",
];
const MOTIVATIONS: &[&str] = &[
    "Solving hard problems with people I trust.",
    "Seeing customers actually use what we build.",
    "Learning something new every week.",
    "Autonomy: a clear goal and room to find the way.",
    "Recognition for the quiet work that keeps things running.",
];
const STRENGTHS: &[&str] = &[
    "Debugging under pressure; staying calm in incidents.",
    "Writing clear documents that end debates.",
    "Asking the question nobody asked.",
    "Making newcomers feel at home.",
    "Turning vague ideas into a plan.",
];
const PREFERENCES: &[&str] = &[
    "Deep-work mornings; meetings after lunch, please.",
    "Feedback in writing first, then a chat.",
    "Async by default; a call when we are stuck.",
    "Pairing on hard problems.",
    "Short, frequent check-ins over long meetings.",
];

/// The organisation for a size and a seed: a tree of managers with spans of four to eight, a team
/// around each manager, and profiles. `admin@`, `lead@` and `member@` are always in it.
pub fn generate(size: usize, seed: u64) -> DemoOrg {
    let size = size.max(MIN_PEOPLE);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut used_emails: HashSet<String> = HashSet::new();
    let mut people: Vec<ImportedPerson> = Vec::with_capacity(size);
    let mut manager_of: Vec<Option<usize>> = Vec::with_capacity(size);
    let mut add = |people: &mut Vec<ImportedPerson>,
                   email: String,
                   name: String,
                   role: Role,
                   manager: Option<usize>| {
        manager_of.push(manager);
        people.push(ImportedPerson {
            email: Email::parse(&email).expect("generated emails are valid"),
            name,
            role,
            manager: manager.map(|m| people[m].email.clone()),
            teams: BTreeSet::new(),
        });
        people.len() - 1
    };
    let ceo = add(
        &mut people,
        "ceo@example.com".into(),
        "Robin Achterberg".into(),
        Role::Member,
        None,
    );
    add(
        &mut people,
        ADMIN_EMAIL.into(),
        "Alex Morgan".into(),
        Role::Admin,
        Some(ceo),
    );
    let lead = add(
        &mut people,
        LEAD_EMAIL.into(),
        "Jordan Lee".into(),
        Role::Member,
        Some(ceo),
    );
    add(
        &mut people,
        MEMBER_EMAIL.into(),
        "Sam Patel".into(),
        Role::Member,
        Some(lead),
    );
    used_emails.extend(people.iter().map(|p| p.email.to_string()));

    // Breadth-first: each manager takes reports up to their span, then the next one does.
    let mut managers: VecDeque<(usize, usize)> = VecDeque::from([(ceo, 6usize), (lead, 5usize)]);
    let mut reports_of = vec![2usize, 0, 1, 0];
    while people.len() < size {
        let Some(&(manager, span)) = managers.front() else {
            break;
        };
        if reports_of[manager] >= span {
            managers.pop_front();
            continue;
        }
        let first = FIRST_NAMES[rng.gen_range(0..FIRST_NAMES.len())];
        let last = LAST_NAMES[rng.gen_range(0..LAST_NAMES.len())];
        let base = format!("{}.{}", ascii(first), ascii(last));
        let mut email = format!("{base}@example.com");
        let mut n = 2;
        while used_emails.contains(&email) {
            email = format!("{base}{n}@example.com");
            n += 1;
        }
        used_emails.insert(email.clone());
        let index = add(
            &mut people,
            email,
            format!("{first} {last}"),
            Role::Member,
            Some(manager),
        );
        reports_of[manager] += 1;
        reports_of.push(0);
        managers.push_back((index, rng.gen_range(4..=8)));
    }

    // A team around each manager with reports: the manager leads, the reports are members.
    let mut teams = Vec::new();
    let mut team_of: Vec<Option<String>> = vec![None; people.len()];
    for (manager, count) in reports_of.iter().enumerate() {
        if *count == 0 || manager == ceo {
            continue;
        }
        let name = if manager == lead {
            "Platform".to_owned()
        } else {
            let word = TEAM_WORDS[teams.len() % TEAM_WORDS.len()];
            match teams.len() / TEAM_WORDS.len() {
                0 if word != "Platform" => word.to_owned(),
                round => format!("{word} {}", round + 2),
            }
        };
        let purpose = PURPOSES[rng.gen_range(0..PURPOSES.len())].to_owned();
        teams.push((name.clone(), purpose, people[manager].email.to_string()));
        team_of[manager] = Some(name);
    }
    for (i, person) in people.iter_mut().enumerate() {
        let own = team_of[i].iter();
        let manager_team = manager_of[i].and_then(|m| team_of[m].as_ref());
        person.teams.extend(own.chain(manager_team).cloned());
    }

    let profiles = people
        .iter()
        .enumerate()
        .map(|(i, person)| {
            let track = if reports_of[i] > 0 {
                CareerTrack::PeopleLeadership
            } else {
                *[
                    CareerTrack::IndividualContributor,
                    CareerTrack::IndividualContributor,
                    CareerTrack::Undecided,
                    CareerTrack::PeopleLeadership,
                ]
                .choose(&mut rng)
                .expect("not empty")
            };
            let pick = |list: &[&str], rng: &mut ChaCha8Rng| {
                (*list.choose(rng).expect("not empty")).to_owned()
            };
            let profile = Profile {
                time_zone: pick(TIME_ZONES, &mut rng),
                career_track: track,
                aspirations: pick(ASPIRATIONS, &mut rng),
                motivations: pick(MOTIVATIONS, &mut rng),
                strengths: pick(STRENGTHS, &mut rng),
                working_preferences: pick(PREFERENCES, &mut rng),
            };
            (person.email.to_string(), profile)
        })
        .collect();
    DemoOrg {
        people,
        profiles,
        teams,
    }
}

/// The plain-ASCII form of a name for an email address.
fn ascii(name: &str) -> String {
    name.chars()
        .filter_map(|c| match c {
            'á' | 'à' | 'ã' => Some('a'),
            'é' | 'è' => Some('e'),
            'í' | 'ı' => Some('i'),
            'ó' | 'ö' => Some('o'),
            'ú' | 'ü' => Some('u'),
            'ç' => Some('c'),
            'ł' => Some('l'),
            'ń' => Some('n'),
            'ś' => Some('s'),
            'ž' => Some('z'),
            'ý' => Some('y'),
            c if c.is_ascii_alphanumeric() => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_org() {
        let a = generate(60, 7);
        let b = generate(60, 7);
        assert_eq!(a.people, b.people);
        assert_eq!(a.teams, b.teams);
        assert_ne!(generate(60, 8).people, a.people);
    }

    #[test]
    fn holds_the_three_logins_in_their_places() {
        let org = generate(40, 1);
        assert_eq!(org.people.len(), 40);
        let find = |email: &str| {
            org.people
                .iter()
                .find(|p| p.email.as_str() == email)
                .unwrap()
        };
        assert_eq!(find(ADMIN_EMAIL).role, Role::Admin);
        assert_eq!(
            find(MEMBER_EMAIL).manager.as_ref().map(Email::as_str),
            Some(LEAD_EMAIL)
        );
        assert!(
            org.people
                .iter()
                .filter(|p| p.manager.as_ref().map(Email::as_str) == Some(LEAD_EMAIL))
                .count()
                > 1
        );
        assert!(find(MEMBER_EMAIL).teams.contains("Platform"));
        let emails: HashSet<_> = org.people.iter().map(|p| &p.email).collect();
        assert_eq!(emails.len(), org.people.len(), "emails are unique");
        // The generated plan passes the same checks an import does.
        let rows: Vec<_> = org
            .people
            .iter()
            .enumerate()
            .map(|(i, p)| tend_domain::import::ImportRow {
                line: i as u64 + 2,
                email: p.email.to_string(),
                name: p.name.clone(),
                manager_email: p
                    .manager
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                team: p.teams.iter().cloned().collect::<Vec<_>>().join(";"),
                role: p.role.to_string(),
            })
            .collect();
        assert!(tend_domain::import::plan_people_import(&rows, &Default::default()).is_ok());
    }

    #[test]
    fn ascii_emails() {
        assert_eq!(ascii("Tomás"), "tomas");
        assert_eq!(ascii("O'Brien"), "obrien");
    }
}
