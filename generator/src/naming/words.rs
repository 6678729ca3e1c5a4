//! Names made from English phrases: operation names from Postman item names ("Get an account's
//! state" -> `get_account_state`) and singular forms of collection names (`subscriptions` ->
//! `subscription`).

use super::snake;

/// Words that carry no meaning in an identifier.
const ARTICLES: &[&str] = &["a", "an", "the"];

/// The words of a phrase without articles and possessives: "Get an account's state" ->
/// `["Get", "account", "state"]`. A phrase made only of articles keeps them, so that the result
/// is never empty when the input has words.
pub fn meaningful_words(phrase: &str) -> Vec<String> {
    let mut words = Vec::new();
    for raw in phrase.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}')) {
        let word = fold_leading_capitals(&strip_possessive(raw));
        if !word.is_empty() {
            words.push(word);
        }
    }
    // A leading step number ("1. Create a user") orders the collection; it names nothing.
    let numbering = words.iter().take_while(|w| w.chars().all(|c| c.is_ascii_digit())).count();
    if numbering < words.len() {
        words.drain(..numbering);
    }
    let kept: Vec<String> =
        words.iter().filter(|w| !ARTICLES.contains(&w.to_ascii_lowercase().as_str())).cloned().collect();
    if kept.is_empty() { words } else { kept }
}

/// `account's` -> `account`, `accounts'` -> `accounts`, `don't` -> `dont`.
fn strip_possessive(word: &str) -> String {
    let word = word.trim_matches(|c| c == '\'' || c == '\u{2019}');
    for suffix in ["'s", "\u{2019}s", "'S", "\u{2019}S"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            return stem.replace(['\'', '\u{2019}'], "");
        }
    }
    word.replace(['\'', '\u{2019}'], "")
}

/// `OAuth2` -> `Oauth2`, so that it is one word (`oauth2`) rather than `o_auth2`: two capitals
/// followed by lower case at the start of a word are a brand spelling, not two words.
fn fold_leading_capitals(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    match chars.as_slice() {
        [first, second, third, ..] if first.is_uppercase() && second.is_uppercase() && third.is_lowercase() => {
            let mut out = String::new();
            out.push(*first);
            out.extend(second.to_lowercase());
            out.extend(&chars[2..]);
            out
        }
        _ => word.to_owned(),
    }
}

/// The snake_case operation name for a human title: articles and possessives dropped, so no
/// `_s_` and no `_an_` appear. Empty when the title has no words.
pub fn operation_name(title: &str) -> String {
    let words = meaningful_words(title);
    if words.is_empty() {
        return String::new();
    }
    snake(&words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_names() {
        assert_eq!(operation_name("Get an account's state"), "get_account_state");
        assert_eq!(
            operation_name("Authenticate an account with single sign on"),
            "authenticate_account_with_single_sign_on"
        );
        assert_eq!(operation_name("Remove cancelation "), "remove_cancelation");
        assert_eq!(operation_name("Add first time subscription (preview)"), "add_first_time_subscription_preview");
        assert_eq!(operation_name("Update the users’ settings"), "update_users_settings");
        assert_eq!(operation_name("A"), "a");
        assert_eq!(operation_name("1. Create a user"), "create_user");
        assert_eq!(operation_name("404"), "value_404");
        assert_eq!(operation_name("OAuth2 request"), "oauth2_request");
        assert_eq!(operation_name("Get Auth Token with API Keys"), "get_auth_token_with_api_keys");
        assert_eq!(operation_name("  "), "");
    }
}
