//! The JSON API: the same queries as the pages and the CLI.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use demarche_query::{Request, Results, Sort};

use crate::views::{DocView, EntityView, Overview, SpeakerView};
use crate::{ApiError, App, Error};

/// The OpenAPI document.
pub const OPENAPI: &str = include_str!("../assets/openapi.json");

/// `GET /api/search?q=&limit=&offset=&sort=&facets=`
pub async fn search(
    State(app): State<Arc<App>>,
    Query(p): Query<HashMap<String, String>>,
) -> Result<Json<Results>, ApiError> {
    let sort_s = p.get("sort").cloned().unwrap_or_else(|| "relevance".into());
    let sort = Sort::parse(&sort_s)
        .ok_or_else(|| Error::bad(format!("unknown sort {sort_s:?} (relevance, date, oldest)")))?;
    let facets = match p.get("facets").map(String::as_str) {
        Some("true") | Some("1") => true,
        None | Some("false") | Some("0") => false,
        Some(x) => {
            return Err(Error::bad(format!("facets must be true or false, not {x:?}")).into())
        }
    };
    let req = Request {
        q: p.get("q").cloned().unwrap_or_default(),
        limit: crate::num_param(&p, "limit", 20)?,
        offset: crate::num_param(&p, "offset", 0)?,
        sort,
        facets,
        snippet_chars: crate::num_param(&p, "snippet", 220)?.min(2000),
    };
    let mut res = app
        .run(move |app| {
            app.pool
                .with(|s| app.searcher.search(s, &req))
                .map_err(Error::from)
        })
        .await?;
    res.notes.extend(app.pending_note());
    Ok(Json(res))
}

/// `GET /api/documents/{id}`
pub async fn document(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
) -> Result<Json<DocView>, ApiError> {
    Ok(Json(app.run(move |app| DocView::load(app, &id)).await?))
}

/// `GET /api/entities/{id}`
pub async fn entity(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
) -> Result<Json<EntityView>, ApiError> {
    Ok(Json(app.run(move |app| EntityView::load(app, &id)).await?))
}

/// `GET /api/speakers/{key}`
pub async fn speaker(
    State(app): State<Arc<App>>,
    Path(key): Path<String>,
) -> Result<Json<SpeakerView>, ApiError> {
    Ok(Json(
        app.run(move |app| SpeakerView::load(app, &key)).await?,
    ))
}

/// `GET /api/overview`
pub async fn overview(State(app): State<Arc<App>>) -> Result<Json<Overview>, ApiError> {
    Ok(Json(app.run(Overview::load).await?))
}

/// `GET /api/openapi.json`
pub async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}
