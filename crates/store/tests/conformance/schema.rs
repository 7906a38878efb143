use tend_store::testing::POSTGRES_URL_VAR;

/// The two migration sets must describe the same tables and columns.
#[tokio::test]
async fn backends_have_the_same_schema() {
    let sqlite = crate::harness::sqlite().await;
    let sqlite_schema = sqlite.schema().await.unwrap();
    assert!(sqlite_schema.contains_key("people"));
    let Some(postgres) = crate::harness::postgres().await else {
        eprintln!("{POSTGRES_URL_VAR} not set: compared nothing");
        return;
    };
    assert_eq!(sqlite_schema, postgres.schema().await.unwrap());
}

#[tokio::test]
async fn unknown_database_urls_are_refused_in_one_sentence() {
    let error = tend_store::Store::connect("mysql://localhost/tend")
        .await
        .err()
        .unwrap();
    assert!(error.to_string().contains("sqlite://"), "{error}");
}
