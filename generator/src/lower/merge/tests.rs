//! The SendGrid overlay on a hand-built base that looks like what the collection gives: an
//! `Offering` inferred from examples where every field is `""`.

use serde_json::json;

use crate::diag::Diagnostics;
use crate::ir::*;

fn field(name: &str, ty: Ty) -> Field {
    Field::new(crate::naming::snake(name), name, ty)
}

fn base() -> Api {
    let at = Location::new("specs/sendgrid.postman.json", "/item/0");
    let mut types = TypeSpace::default();
    let offering = types.add(TypeDef {
        name: "Offering".into(),
        docs: None,
        kind: TypeKind::Struct(Struct {
            fields: vec![field("name", Ty::String), field("type", Ty::String), field("quantity", Ty::String)],
            additional: Some(Ty::Any),
        }),
        location: at.clone(),
    });
    let response = types.add(TypeDef {
        name: "GetAccountOfferingsResponse".into(),
        docs: None,
        kind: TypeKind::Struct(Struct {
            fields: vec![field("offerings", Ty::Vec(Box::new(Ty::Named(offering))))],
            additional: Some(Ty::Any),
        }),
        location: at.clone(),
    });
    let example = json!({"offerings": [{"name": "", "type": "package", "quantity": ""}, {"name": "", "type": "addon", "quantity": ""}]});
    let param = Param {
        name: "account_id".into(),
        wire_name: "accountID".into(),
        location: ParamLocation::Path,
        ty: Ty::String,
        required: true,
        docs: Some("(Required) Twilio SendGrid account ID".into()),
        example: None,
        constraints: Constraints::default(),
    };
    let operation =
        |name: &str, path: &str, segments: Vec<PathSegment>, params: Vec<Param>, responses: Vec<Response>| Operation {
            name: name.into(),
            method: "GET".into(),
            path: path.into(),
            path_segments: segments,
            params,
            body: None,
            responses,
            auth: vec![0],
            summary: Some(name.into()),
            docs: None,
            fixed_query: Vec::new(),
            paging: None,
            location: at.clone(),
        };
    Api {
        name: "sendgrid".into(),
        title: Some("Twilio SendGrid Account Provisioning API".into()),
        docs: None,
        base_url: None,
        auth_schemes: vec![AuthScheme { name: "bearer".into(), kind: AuthKind::Bearer, docs: None }],
        operations: vec![
            operation(
                "get_account_offerings",
                "/v3/partners/accounts/{accountID}/offerings",
                vec![
                    PathSegment::Literal("/v3/partners/accounts/".into()),
                    PathSegment::Param(0),
                    PathSegment::Literal("/offerings".into()),
                ],
                vec![param],
                vec![Response {
                    status: StatusMatch::Code(200),
                    body: Some(ResponseBody::Json { content_type: "application/json".into(), ty: Ty::Named(response) }),
                    docs: Some("OK".into()),
                    examples: vec![Example { value: example, location: at.child("response").child(0).child("body") }],
                }],
            ),
            operation(
                "list_accounts",
                "/v3/partners/accounts",
                vec![PathSegment::Literal("/v3/partners/accounts".into())],
                Vec::new(),
                Vec::new(),
            ),
        ],
        types,
    }
}

#[test]
fn sendgrid_overlay_types_the_offerings() {
    let text = include_str!("../../../../specs/sendgrid.openapi.yaml");
    let mut diags = Diagnostics::new();
    let document: serde_json::Value = serde_norway::from_str(text).unwrap_or_default();
    let overlay = crate::lower::openapi::lower("specs/sendgrid.openapi.yaml", document, None, &mut diags);
    let merged = super::merge(base(), overlay, &mut diags);
    insta::assert_snapshot!(crate::emit::ir_json(&merged, diags.into_vec()));
}
