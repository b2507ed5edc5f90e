//! Optional parts of the test set-up (a browser, redis-server, a terminal): outside CI a
//! missing one skips its test with a loud notice; under `CI=true`, or when the part's own
//! variable asks for it, a missing part is a failure.

use std::io::Write;

/// Whether a missing part fails its test: under CI, or when `variable` is set to `1`, `true`
/// or `yes`.
///
/// ```
/// // Never set: only CI decides.
/// let required = oauth2_test_server::part_required("OAUTH2_REQUIRE_NOTHING");
/// assert_eq!(required, std::env::var("CI").is_ok_and(|ci| ["1", "true", "yes"].contains(&ci.to_ascii_lowercase().as_str())));
/// ```
pub fn part_required(variable: &str) -> bool {
    let set = |name: &str| {
        std::env::var(name)
            .is_ok_and(|value| matches!(value.to_ascii_lowercase().as_str(), "1" | "true" | "yes"))
    };
    set("CI") || set(variable)
}

/// Says loudly that `test` is skipped because `missing` is not installed (`install`: how to
/// install it), straight to the stream: the test harness captures `eprintln!` from a passing
/// test, and this notice must be seen.
///
/// ```
/// oauth2_test_server::skip_notice("a test", "a program", "apt-get install it", "OAUTH2_REQUIRE_IT");
/// ```
pub fn skip_notice(test: &str, missing: &str, install: &str, variable: &str) {
    let rule = "!".repeat(78);
    let _ = writeln!(
        std::io::stderr(),
        "\n{rule}\n!!! SKIPPED {test}: {missing} is not installed.\n\
         !!! Install it to run it ({install}),\n\
         !!! and set {variable}=1 (or CI=true) to make its absence a failure.\n{rule}\n"
    );
}

/// For a part that has no start-up of its own (a program a test runs): panics with why when
/// the part is required (see [`part_required`]), else says loudly that `test` is skipped.
///
/// ```
/// # if !oauth2_test_server::part_required("OAUTH2_REQUIRE_IT") {
/// oauth2_test_server::skip_or_fail("a test", "a program", "apt-get install it", "OAUTH2_REQUIRE_IT");
/// # }
/// ```
#[allow(clippy::panic)]
pub fn skip_or_fail(test: &str, missing: &str, install: &str, variable: &str) {
    if part_required(variable) {
        panic!(
            "{missing} is not installed, and {test} is required here (CI=true or {variable}=1): \
             {install}"
        );
    }
    skip_notice(test, missing, install, variable);
}
