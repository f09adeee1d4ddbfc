//! The OpenID Connect provider's protocol (issue 20), apart from HTTP and the store: the
//! signing keys, what a client may register, and the documents and tokens the provider signs.
//! It decides nothing about people: who may act for whom is the decision's (`mandat-core`),
//! and every change is the application layer's.

pub mod api_token;
pub mod assertion;
pub mod client;
pub mod events;
pub mod keys;

pub use client::{AuthMethod, ClientForm, ClientSpec};
pub use keys::{KeyRing, KeyState, SigningKey, StoredKey};
pub mod metadata;
pub mod pkce;
pub mod receiver;
pub mod subject;
pub mod tokens;
