import type Database from 'better-sqlite3';

/**
 * Layout of the embedded broker's database, version 2.
 *
 * `message` holds every queued message of every queue; ids come from
 * AUTOINCREMENT, so they only grow, also across deletes and restarts, and id
 * order is FIFO order. Nothing in a message row changes between enqueue and
 * acknowledgement: a consumer claims a *range* of ids, recorded as one `claim`
 * row, and the queue's `taken` mark moves past it. So a message is written once
 * (plus one index entry) and deleted once, whatever the batch size; version 1
 * rewrote every row and two indexes to mark it in flight.
 *
 * Waiting messages of a queue are its rows above `taken`; in-flight ones are
 * those inside its claim ranges, the counterpart of Redis' `<queue>-internal`
 * lists. `waiting`/`in_flight` are counters kept in the same transactions, so
 * sizes are O(1) (bots check them against high-water marks before every batch).
 */
const SCHEMA_VERSION = 2;

const CREATE = `
CREATE TABLE message (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  queue TEXT NOT NULL,
  body BLOB NOT NULL
);
CREATE INDEX message_queue ON message (queue, id);
CREATE TABLE queue (
  name TEXT PRIMARY KEY,
  waiting INTEGER NOT NULL DEFAULT 0,
  in_flight INTEGER NOT NULL DEFAULT 0,
  taken INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE TABLE claim (
  queue TEXT NOT NULL,
  worker INTEGER NOT NULL,
  first INTEGER NOT NULL,
  last INTEGER NOT NULL,
  PRIMARY KEY (queue, worker, first)
) WITHOUT ROWID;
`;

/**
 * Version 1 (intelmq-ts 0.1.0) marked in-flight rows with a worker number.
 * Its in-flight messages become waiting again (delivered once more, as after a
 * crash: at-least-once), then the rows move to the new table in id order.
 */
const FROM_VERSION_1 = `
ALTER TABLE message RENAME TO message_v1;
DROP INDEX IF EXISTS message_waiting;
DROP INDEX IF EXISTS message_in_flight;
ALTER TABLE queue RENAME TO queue_v1;
${CREATE}
INSERT INTO message (id, queue, body) SELECT id, queue, body FROM message_v1 ORDER BY id;
INSERT INTO queue (name, waiting) SELECT name, (SELECT count(*) FROM message WHERE message.queue = queue_v1.name) FROM queue_v1;
INSERT INTO queue (name, waiting) SELECT queue, count(*) FROM message WHERE queue NOT IN (SELECT name FROM queue) GROUP BY queue;
DROP TABLE message_v1;
DROP TABLE queue_v1;
`;

/** How long opening waits for other processes that create or upgrade the schema at the same moment. */
const SETUP_BUSY_TIMEOUT_MS = 15_000;

/**
 * Creates or upgrades the schema in one IMMEDIATE transaction, so several
 * bots starting at once on a new or old file agree on one result.
 */
export function prepareSchema(db: Database.Database, busyTimeoutMs: number): void {
  db.pragma(`busy_timeout = ${SETUP_BUSY_TIMEOUT_MS}`);
  try {
    db.pragma('journal_mode = WAL');
    const setup = db.transaction(() => {
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version === SCHEMA_VERSION) return;
      if (version > SCHEMA_VERSION) {
        throw new Error(`database schema version ${version} is newer than this intelmq-ts understands (${SCHEMA_VERSION}); use the newer version or a new embedded_pipeline_path`);
      }
      const hasMessages = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'message'").get() !== undefined;
      db.exec(hasMessages ? FROM_VERSION_1 : CREATE);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    });
    setup.immediate();
  } finally {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  }
}
