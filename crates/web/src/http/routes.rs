//! A feature's routes, written down as they are added: the router is built from them, and
//! the same table lists every (method, path) for the access matrix, so no route can be
//! added without the matrix seeing it.

use axum::Router;
use axum::handler::Handler;
use axum::routing::{MethodRouter, get, post};

use crate::http::AppState;
use crate::http::multipart;

/// Routes, and the table of what they answer.
#[derive(Default)]
pub struct Routes {
    router: Router<AppState>,
    table: Vec<(&'static str, &'static str)>,
}

impl Routes {
    pub fn new() -> Self {
        Self::default()
    }

    /// `GET path`.
    pub fn get<H, T>(self, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add("GET", path, get(handler))
    }

    /// `POST path`, with a form of the default size.
    pub fn post<H, T>(self, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add("POST", path, post(handler))
    }

    /// `POST path`, with a form that carries a file (up to [`multipart::FILE_MAX`]).
    pub fn post_with_file<H, T>(self, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add("POST", path, post(handler).layer(multipart::body_limit()))
    }

    /// The routes of another feature beside these.
    pub fn merge(mut self, other: Routes) -> Self {
        self.router = self.router.merge(other.router);
        self.table.extend(other.table);
        self
    }

    /// Every (method, path), in the order they were added.
    pub fn table(&self) -> &[(&'static str, &'static str)] {
        &self.table
    }

    pub fn into_router(self) -> Router<AppState> {
        self.router
    }

    fn add(
        mut self,
        method: &'static str,
        path: &'static str,
        route: MethodRouter<AppState>,
    ) -> Self {
        self.table.push((method, path));
        self.router = self.router.route(path, route);
        self
    }
}
