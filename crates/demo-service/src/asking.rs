//! The service asks Mandat before each action it offers (issue 21): its own token by the
//! client credentials grant (through `openidconnect`), kept until shortly before it expires,
//! then the AuthZEN evaluations endpoint found in Mandat's PDP metadata, one question per
//! task, answered with Mandat's decision and reasons.

use std::time::{Duration, Instant};

use openidconnect::{OAuth2TokenResponse, Scope};
use serde_json::{Value, json};

use crate::provider::Mandat;

/// Mandat's answer for one task: allowed, or the reasons why not, in French and English.
#[derive(Clone, Debug)]
pub struct Verdict {
    pub allowed: bool,
    pub reasons: Vec<(String, String)>,
}

impl Mandat {
    /// Mandat's decision now, for `subject` acting for `organization`, on each of `tasks`.
    pub async fn verdicts(
        &self,
        subject: &str,
        organization: &str,
        tasks: &[String],
    ) -> Result<Vec<Verdict>, String> {
        let token = self.api_token().await?;
        let endpoint = self.evaluations_endpoint().await?;
        let service = &self.settings().service;
        let body = json!({
            "subject": {"type": "user", "id": subject},
            "resource": {"type": "service", "id": service,
                "properties": {"organization": organization}},
            "evaluations": tasks.iter().map(|t| json!({"action": {"name": t}})).collect::<Vec<_>>(),
        });
        let res = self
            .client()
            .post(endpoint)
            .bearer_auth(token)
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .await
            .map_err(|e| format!("evaluations: {e}"))?;
        let answer: Value = read(res).await?;
        let list = answer["evaluations"].as_array().ok_or("no evaluations")?;
        Ok(list.iter().map(verdict).collect())
    }

    /// The evaluations endpoint, from Mandat's PDP metadata, read once.
    async fn evaluations_endpoint(&self) -> Result<String, String> {
        let kept = self.api.endpoint.lock().map_err(|e| e.to_string())?.clone();
        if let Some(endpoint) = kept {
            return Ok(endpoint);
        }
        let url = format!(
            "{}/.well-known/authzen-configuration",
            self.settings().issuer
        );
        let res = self
            .client()
            .get(url)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let metadata: Value = read(res).await?;
        let endpoint = metadata["access_evaluations_endpoint"]
            .as_str()
            .ok_or("no access_evaluations_endpoint")?
            .to_string();
        *self.api.endpoint.lock().map_err(|e| e.to_string())? = Some(endpoint.clone());
        Ok(endpoint)
    }

    /// The service's own token for the authorization API, asked again a minute before it
    /// expires.
    async fn api_token(&self) -> Result<String, String> {
        let kept = self.api.token.lock().map_err(|e| e.to_string())?.clone();
        if let Some((token, _)) = kept.filter(|(_, until)| Instant::now() < *until) {
            return Ok(token);
        }
        let provider = self.provider().await?;
        let answer = provider
            .client
            .exchange_client_credentials()
            .map_err(|e| e.to_string())?
            .add_scope(Scope::new("authzen".into()))
            .request_async(&self.http())
            .await
            .map_err(|e| format!("client credentials: {e}"))?;
        let lasts = answer.expires_in().unwrap_or(Duration::from_secs(120));
        let until = Instant::now() + lasts.saturating_sub(Duration::from_secs(60));
        let token = answer.access_token().secret().clone();
        *self.api.token.lock().map_err(|e| e.to_string())? = Some((token.clone(), until));
        Ok(token)
    }
}

async fn read(res: reqwest::Response) -> Result<Value, String> {
    let status = res.status();
    let bytes = res.bytes().await.map_err(|e| e.to_string())?;
    if !status.is_success() {
        return Err(format!("{status}: {}", String::from_utf8_lossy(&bytes)));
    }
    serde_json::from_slice(&bytes).map_err(|e| e.to_string())
}

fn verdict(evaluation: &Value) -> Verdict {
    let allowed = evaluation["decision"] == json!(true);
    let reasons = evaluation["context"]["reasons"]
        .as_array()
        .map(|list| {
            list.iter()
                .map(|r| {
                    let text = |lang: &str| r["message"][lang].as_str().unwrap_or("").to_string();
                    (text("fr"), text("en"))
                })
                .collect()
        })
        .unwrap_or_default();
    Verdict { allowed, reasons }
}
