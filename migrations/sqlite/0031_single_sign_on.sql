-- Single sign-on with OpenID Connect: an organisation's owners name one
-- provider, the email domains it vouches for, and per domain whether
-- password sign-in is turned off. The client secret is sealed with an
-- instance key (XChaCha20-Poly1305, see src/auth/sso/seal.rs), so it is
-- never readable from this table, an export of it or the audit log; the
-- key itself lives in instance_secrets.
CREATE TABLE sso_providers (
    org_id        INTEGER PRIMARY KEY REFERENCES organisations(id) ON DELETE CASCADE,
    display_name  TEXT NOT NULL,
    issuer_url    TEXT NOT NULL,
    client_id     TEXT NOT NULL,
    client_secret BLOB NOT NULL,
    updated_at    INTEGER NOT NULL
);

-- A domain belongs to one organisation at most, so that the sign-in page
-- finds the provider from an email address alone and no two providers
-- vouch for the same people.
CREATE TABLE sso_domains (
    domain   TEXT PRIMARY KEY,
    org_id   INTEGER NOT NULL REFERENCES sso_providers(org_id) ON DELETE CASCADE,
    required BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX sso_domains_org ON sso_domains(org_id);

-- Who has signed in through a provider: its subject (stable, unlike an
-- email address) per organisation and issuer, so a returning person is
-- found even after their address changes.
CREATE TABLE sso_identities (
    org_id     INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    issuer_url TEXT NOT NULL,
    subject    TEXT NOT NULL,
    person_id  INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (org_id, issuer_url, subject)
);
CREATE INDEX sso_identities_person ON sso_identities(person_id);
