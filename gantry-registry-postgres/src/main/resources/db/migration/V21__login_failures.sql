-- Failed Basic-auth logins per client address, counted for every node (LoginAttempts): a guesser spreading
-- tries over the nodes behind a load balancer gets no more than against one. Rows older than the window
-- are deleted as failures arrive, so the table holds at most the addresses failing within one window.
CREATE TABLE login_failures (
    client   text        PRIMARY KEY,
    since    timestamptz NOT NULL,
    failures integer     NOT NULL
);
CREATE INDEX login_failures_since ON login_failures (since);
