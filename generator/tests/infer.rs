//! Type inference from examples, judged on data: small fixtures (one feature each) and the two
//! seed collections, walked here as the Postman lowering would. Every snapshot is a compact
//! dump of the inferred types; every documented example must fit the type inferred for it.

use std::fmt::Write as _;

use generator::diag::Diagnostics;
use generator::emit::ty::display_type;
use generator::ir::{Location, Ty, TypeKind, TypeSpace};
use generator::lower::infer::Inference;
use generator::naming;
use serde_json::Value;

/// One body position and its examples.
struct SlotInput {
    hint: String,
    examples: Vec<Value>,
}

struct Solved {
    slots: Vec<SlotInput>,
    tys: Vec<Ty>,
    types: TypeSpace,
    diags: Diagnostics,
}

fn solve(file: &str, slots: Vec<SlotInput>) -> Solved {
    solve_with(file, slots, true)
}

/// `formats`: whether date-time, date and UUID strings get those types.
fn solve_with(file: &str, slots: Vec<SlotInput>, formats: bool) -> Solved {
    let mut inference = Inference::new().with_formats(formats);
    for (index, slot) in slots.iter().enumerate() {
        let at = Location::new(file, format!("/slots/{index}"));
        let id = inference.slot(&slot.hint, at.clone());
        for (n, example) in slot.examples.iter().enumerate() {
            inference.add_example(id, example.clone(), at.child("examples").child(n));
        }
    }
    let mut types = TypeSpace::default();
    let mut diags = Diagnostics::new();
    let tys = inference.finish(&mut types, &mut diags);
    Solved { slots, tys, types, diags }
}

/// The types as a reader would skim them: `name?: Type` for optional, `Option<..>` for nullable.
fn dump(solved: &Solved) -> String {
    let mut out = String::new();
    for (slot, ty) in solved.slots.iter().zip(&solved.tys) {
        let _ = writeln!(out, "{} = {}", slot.hint, display_type(ty, &solved.types));
    }
    for def in &solved.types.types {
        let _ = writeln!(out, "\nstruct {} {{", def.name);
        if let TypeKind::Struct(s) = &def.kind {
            for f in &s.fields {
                let mut ty = display_type(&f.ty, &solved.types);
                if f.nullable {
                    ty = format!("Option<{ty}>");
                }
                if f.boxed {
                    ty = format!("Box<{ty}>");
                }
                let optional = if f.optional { "?" } else { "" };
                let _ = writeln!(out, "    {}{optional}: {ty}  // {}", f.name, f.wire_name);
            }
        }
        let _ = writeln!(out, "}}");
    }
    if !solved.diags.is_empty() {
        let _ = writeln!(out, "\ndiagnostics:");
        for d in solved.diags.iter() {
            let _ = writeln!(out, "  [{}] {}#{}: {}", d.code, d.file, d.pointer, d.message);
        }
    }
    out
}

/// Whether `value` decodes as `ty` (and would be written back the same), structurally.
fn fits(value: &Value, ty: &Ty, types: &TypeSpace) -> Result<(), String> {
    let fail = || Err(format!("{value} does not fit {}", display_type(ty, types)));
    match (ty, value) {
        (Ty::Any, _) => Ok(()),
        (Ty::Option(_), Value::Null) => Ok(()),
        (Ty::Option(inner), _) => fits(value, inner, types),
        (Ty::Loose(_), Value::String(_)) => Ok(()),
        (Ty::Loose(inner), _) => fits(value, inner, types),
        (Ty::String, Value::String(_)) | (Ty::Bool, Value::Bool(_)) => Ok(()),
        (Ty::I64, Value::Number(n)) if n.is_i64() => Ok(()),
        (Ty::F64, Value::Number(_)) => Ok(()),
        // What the generated code's chrono and uuid accept when they decode these.
        (Ty::DateTime, Value::String(text)) if text.parse::<chrono::DateTime<chrono::FixedOffset>>().is_ok() => Ok(()),
        (Ty::Date, Value::String(text)) if text.parse::<chrono::NaiveDate>().is_ok() => Ok(()),
        (Ty::Uuid, Value::String(text)) if is_uuid(text) => Ok(()),
        (Ty::Vec(item), Value::Array(items)) => items.iter().try_for_each(|v| fits(v, item, types)),
        (Ty::Map(item), Value::Object(map)) => map.values().try_for_each(|v| fits(v, item, types)),
        (Ty::Named(id), Value::Object(map)) => {
            let def = types.get(*id);
            let TypeKind::Struct(s) = &def.kind else {
                return fail();
            };
            for field in &s.fields {
                match map.get(&field.wire_name) {
                    None if field.optional => {}
                    None => {
                        return Err(format!("`{}.{}` missing in {value}", def.name, field.wire_name));
                    }
                    Some(Value::Null) if field.nullable => {}
                    Some(inner) => {
                        fits(inner, &field.ty, types).map_err(|e| format!("{}.{}: {e}", def.name, field.wire_name))?
                    }
                }
            }
            let known = map.keys().all(|k| s.fields.iter().any(|f| &f.wire_name == k));
            if known || s.additional.is_some() { Ok(()) } else { fail() }
        }
        _ => fail(),
    }
}

/// The hyphenated UUID form, either case.
fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn assert_examples_fit(solved: &Solved) {
    for (slot, ty) in solved.slots.iter().zip(&solved.tys) {
        for example in &slot.examples {
            if let Err(problem) = fits(example, ty, &solved.types) {
                panic!("an example of {} does not fit its type: {problem}", slot.hint);
            }
        }
    }
}

/// The rules for names and types, on any result.
fn assert_clean(solved: &Solved) {
    let mut shapes = std::collections::BTreeMap::new();
    for def in &solved.types.types {
        let name = &def.name;
        assert!(!name.contains("_s_"), "type name {name} contains `_s_`");
        assert!(!name.ends_with(|c: char| c.is_ascii_digit()), "type name {name} has a digit suffix");
        assert!(!["Client", "Error", "Response"].contains(&name.as_str()), "type name {name} is reserved");
        assert_eq!(naming::pascal(name), *name, "type name {name} is not PascalCase");
        if let TypeKind::Struct(s) = &def.kind {
            let mut fields: Vec<String> =
                s.fields.iter().map(|f| format!("{}:{:?}:{}:{}", f.wire_name, f.ty, f.optional, f.nullable)).collect();
            fields.sort();
            if let Some(other) = shapes.insert(fields, name.clone()) {
                panic!("{other} and {name} have the same fields");
            }
        }
    }
}

fn postman_slots(collection: &Value) -> Vec<SlotInput> {
    fn walk(items: &[Value], out: &mut Vec<SlotInput>) {
        for item in items {
            if let Some(children) = item.get("item").and_then(Value::as_array) {
                walk(children, out);
                continue;
            }
            let name = naming::pascal(item.get("name").and_then(Value::as_str).unwrap_or("operation"));
            let raw = item.pointer("/request/body/raw").and_then(Value::as_str).unwrap_or("");
            if let Ok(body) = serde_json::from_str::<Value>(raw) {
                out.push(SlotInput { hint: format!("{name}Request"), examples: vec![body] });
            }
            let mut by_status: Vec<(i64, SlotInput)> = Vec::new();
            for response in item.get("response").and_then(Value::as_array).into_iter().flatten() {
                let code = response.get("code").and_then(Value::as_i64).unwrap_or(200);
                let body = response.get("body").and_then(Value::as_str).unwrap_or("");
                let Ok(body) = serde_json::from_str::<Value>(body) else {
                    continue;
                };
                match by_status.iter_mut().find(|(c, _)| *c == code) {
                    Some((_, slot)) => slot.examples.push(body),
                    None => {
                        let hint =
                            if code / 100 == 2 { format!("{name}Response") } else { format!("{name}Response{code}") };
                        by_status.push((code, SlotInput { hint, examples: vec![body] }));
                    }
                }
            }
            out.extend(by_status.into_iter().map(|(_, slot)| slot));
        }
    }
    let mut out = Vec::new();
    walk(collection.get("item").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]), &mut out);
    out
}

fn seed(file: &str) -> Solved {
    let path = format!("{}/../specs/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    let collection: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("parsing {path}: {e}"));
    solve(&format!("specs/{file}"), postman_slots(&collection))
}

#[test]
fn outseta() {
    let solved = seed("outseta.postman.json");
    assert_examples_fit(&solved);
    assert_clean(&solved);
    let names: Vec<&str> = solved.types.types.iter().map(|d| d.name.as_str()).collect();
    for entity in ["Person", "Account", "Subscription", "Plan", "PersonAccount"] {
        assert_eq!(names.iter().filter(|n| **n == entity).count(), 1, "one {entity} in {names:?}");
    }
    let addresses: Vec<&&str> = names.iter().filter(|n| n.ends_with("Address")).collect();
    assert_eq!(addresses, [&"Address"], "one address type");
    // Bodies that are an entity take its name, not their operation's: the profile is the
    // signed-in person, an account's primary contact is a person too.
    let body = |hint: &str| {
        let index = solved.slots.iter().position(|s| s.hint == hint).unwrap_or_else(|| panic!("no slot {hint}"));
        display_type(&solved.tys[index], &solved.types)
    };
    assert_eq!(body("GetProfileResponse"), "Person");
    assert_eq!(body("UpdateProfileRequest"), "Person");
    assert_eq!(body("UpdatePersonAccountMembershipRequest"), "PersonAccount");
    assert_eq!(body("UpdatePaymentInformationRequest"), "PaymentInformation");
    insta::assert_snapshot!("outseta", dump(&solved));
}

#[test]
fn sendgrid() {
    let solved = seed("sendgrid.postman.json");
    assert_examples_fit(&solved);
    assert_clean(&solved);
    insta::assert_snapshot!("sendgrid", dump(&solved));
}

/// Fixtures: `{"slots": [{"hint": "...", "examples": [...]}]}`, one feature each; an optional
/// `"formats": false` turns off date-time, date and UUID types as `apis.toml` can.
#[test]
fn fixtures() {
    insta::glob!("fixtures/infer/*.json", |path| {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
        let input: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("parsing {}: {e}", path.display()));
        let slots = input["slots"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|slot| SlotInput {
                hint: slot["hint"].as_str().unwrap_or("Body").to_owned(),
                examples: slot["examples"].as_array().cloned().unwrap_or_default(),
            })
            .collect();
        let file = path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
        let formats = input.get("formats").and_then(Value::as_bool).unwrap_or(true);
        let solved = solve_with(&file, slots, formats);
        assert_examples_fit(&solved);
        assert_clean(&solved);
        insta::assert_snapshot!(dump(&solved));
    });
}
