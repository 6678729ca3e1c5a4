//! Operation names from Postman item names, with collisions broken by folder names.
//!
//! "Get all accounts" in the folders `Partners` and `Admin` become `partners_get_all_accounts` and
//! `admin_get_all_accounts`: every member of a colliding group takes its nearest folder as a
//! prefix, then the next one out, until the names differ or the folders run out; then the HTTP
//! method is tried. Digits are the check pass's last resort, for requests that neither their
//! folders nor their methods tell apart.

use crate::naming::{self, words};
use crate::read::postman::Request;

/// One snake_case name per request, in order.
pub fn operation_names(requests: &[&Request], fallbacks: &[String]) -> Vec<String> {
    let bases: Vec<String> = requests
        .iter()
        .zip(fallbacks)
        .map(|(request, fallback)| {
            let name = words::operation_name(&request.name);
            if name.is_empty() { fallback.clone() } else { name }
        })
        .collect();
    let mut names = bases.clone();
    let mut depth = vec![0usize; requests.len()];
    loop {
        let mut changed = false;
        for i in colliding(&names) {
            let folders = &requests[i].folders;
            if depth[i] < folders.len() {
                depth[i] += 1;
                let prefix: Vec<String> = folders[folders.len() - depth[i]..]
                    .iter()
                    .map(|f| words::operation_name(f))
                    .filter(|f| !f.is_empty())
                    .collect();
                names[i] =
                    if prefix.is_empty() { bases[i].clone() } else { format!("{}_{}", prefix.join("_"), bases[i]) };
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    // Requests that share a folder and a title differ by method (Alpaca's "Orders / Order" is
    // POST and PATCH): the method says it better than the folder did.
    let with_folders = names.clone();
    for i in colliding(&names) {
        names[i] = with_method(&requests[i].method, &bases[i]);
    }
    for i in colliding(&names) {
        names[i] = with_method(&requests[i].method, &with_folders[i]);
    }
    names
}

fn colliding(names: &[String]) -> Vec<usize> {
    (0..names.len()).filter(|&i| names.iter().filter(|n| **n == names[i]).count() > 1).collect()
}

fn with_method(method: &str, name: &str) -> String {
    let method = naming::snake(method);
    if name == method || name.starts_with(&format!("{method}_")) { name.to_owned() } else { format!("{method}_{name}") }
}

/// A name for a request with no usable title: its method and path words (`get_crm_people`).
pub fn fallback_name(method: &str, literal_segments: &[String]) -> String {
    let mut words = vec![method.to_ascii_lowercase()];
    words.extend(literal_segments.iter().cloned());
    naming::snake(&words.join(" "))
}
