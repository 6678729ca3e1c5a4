//! The manifest's `[[api.params]]` and `[[api.paging]]` on a small API: what they add to the IR,
//! and the located error for each way a rule can be wrong.

use generator::diag::{Diagnostic, Diagnostics, Severity};
use generator::ir::{Api, PagingStyle, Ty};
use generator::manifest::Manifest;

const SPEC: &str = r#"
openapi: 3.0.3
info: { title: Shop, version: "1" }
paths:
  /orders:
    get:
      operationId: listOrders
      parameters:
        - { name: after, in: query, schema: { type: string } }
      responses:
        "200":
          description: A page.
          content:
            application/json:
              schema:
                type: object
                required: [orders]
                properties:
                  orders: { type: array, items: { type: object, properties: { id: { type: string } } } }
                  meta:
                    type: object
                    properties: { next: { type: string, nullable: true }, count: { type: integer } }
  /orders/{id}:
    get:
      operationId: getOrder
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
      responses:
        "200": { description: One., content: { application/json: { schema: { type: object } } } }
"#;

fn lower(rules: &str) -> (Option<Api>, Vec<Diagnostic>) {
    let text = format!("[[api]]\nname = \"shop\"\nsources = [\"shop.yaml\"]\n{rules}");
    let manifest = Manifest::parse(&text).unwrap_or_else(|error| panic!("{error}")).located("specs/apis.toml");
    let source = generator::Source { path: "specs/shop.yaml".to_owned(), text: SPEC.to_owned() };
    let mut diags = Diagnostics::new();
    let api = generator::lower_api("shop", &[source], &manifest.apis[0].settings, &mut diags);
    (api, diags.into_vec())
}

/// The errors, as `pointer: message`.
fn errors(rules: &str) -> Vec<String> {
    let (_, diagnostics) = lower(rules);
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .inspect(|d| assert_eq!(d.file, "specs/apis.toml", "located in the manifest"))
        .map(|d| format!("{}: {}", d.pointer, d.message))
        .collect()
}

#[test]
fn declared_params_and_paging_reach_the_ir() {
    let (api, diagnostics) = lower(
        "[[api.params]]\noperations = [\"list_*\"]\nquery = [{ name = \"pageSize\", type = \"integer\" }, { name = \"after\" }]\n\
         [[api.paging]]\noperations = [\"list_orders\"]\nstyle = \"cursor\"\ncursor = \"after\"\nnext = \"meta.next\"\nitems = \"orders\"\n",
    );
    assert!(diagnostics.iter().all(|d| d.severity != Severity::Error), "{diagnostics:?}");
    let api = api.expect("the API lowers");
    let list = api.operations.iter().find(|op| op.name == "list_orders").expect("list_orders");
    let names: Vec<(&str, &str)> = list.params.iter().map(|p| (p.name.as_str(), p.wire_name.as_str())).collect();
    assert_eq!(names, [("after", "after"), ("page_size", "pageSize")], "the description's `after` stays, once");
    assert_eq!(list.params[1].ty, Ty::I64);
    let paging = list.paging.as_ref().expect("paged");
    assert_eq!(
        paging.style,
        PagingStyle::Cursor { param: "after".to_owned(), next: "/meta/next".to_owned(), has_more: None }
    );
    assert_eq!(paging.items_pointer, "/orders");
    assert!(matches!(paging.item, Ty::Named(_)), "{:?}", paging.item);
    let get = api.operations.iter().find(|op| op.name == "get_order").expect("get_order");
    assert!(get.params.iter().all(|p| p.wire_name != "pageSize") && get.paging.is_none(), "not selected");
}

#[test]
fn a_selector_that_matches_nothing_is_located() {
    assert_eq!(
        errors("[[api.params]]\noperations = [\"list_*\", \"get_all_*\"]\nquery = [{ name = \"x\" }]\n"),
        [
            "/api/0/params/0/operations/1: `get_all_*` matches no operation (they are named like `list_orders`, `get_order`)"
        ]
    );
    assert_eq!(
        errors("[[api.params]]\npath_prefix = \"/customers\"\nquery = [{ name = \"x\" }]\n"),
        ["/api/0/params/0: the selector matches no operation"]
    );
    assert_eq!(
        errors("[[api.paging]]\nstyle = \"link\"\n"),
        ["/api/0/paging/0: select operations with `operations`, `path_prefix` or `method`"]
    );
}

#[test]
fn body_paths_are_checked_against_the_response_type() {
    let rule = "[[api.paging]]\noperations = [\"list_orders\"]\nstyle = \"cursor\"\ncursor = \"after\"\n";
    assert_eq!(
        errors(&format!("{rule}next = \"meta.nxt\"\nitems = \"orders\"\n")),
        [
            "/api/0/paging/0/next: operation `list_orders`: `meta.nxt`: the response has no member `nxt` there (it has `next`, `count`)"
        ]
    );
    assert_eq!(
        errors(&format!("{rule}next = \"meta.next\"\nitems = \"meta\"\n")),
        [
            "/api/0/paging/0/items: operation `list_orders`: `meta` is not a list in the response (it is `ListOrdersResponseMeta`)"
        ]
    );
}

#[test]
fn paging_keys_must_fit_the_style_and_the_operation() {
    let rule = "[[api.paging]]\noperations = [\"list_orders\"]\nitems = \"orders\"\n";
    assert_eq!(
        errors(&format!("{rule}style = \"offset\"\noffset = \"start\"\n")),
        [
            "/api/0/paging/0/offset: operation `list_orders`: has no query parameter `start`: declare it in `[[api.params]]` or fix the name"
        ]
    );
    assert_eq!(
        errors(&format!("{rule}style = \"link\"\nnext = \"meta.next\"\n")),
        ["/api/0/paging/0/next: operation `list_orders`: `next` does not apply to the `link` style"]
    );
    assert_eq!(
        errors(&format!("{rule}style = \"cursor\"\ncursor = \"after\"\n")),
        ["/api/0/paging/0/next: operation `list_orders`: the `cursor` style needs `next`"]
    );
}

#[test]
fn unknown_manifest_keys_are_refused_with_their_line() {
    let text = "[[api]]\nname = \"shop\"\nsources = [\"shop.yaml\"]\n[[api.paging]]\noperations = [\"x\"]\nstyle = \"link\"\nitem = \"orders\"\n";
    let error = Manifest::parse(text).expect_err("an unknown key");
    assert!(error.contains("item") && error.contains("line 7"), "{error}");
}
