// Package store keeps a workplace's placement season in one SQLite file:
// the seasons, every uploaded file (cohorts, responses, change files) with
// its bytes, every run with its result and named blobs, the publication of
// a run as a round, the users' password hashes and their sessions.
//
// It knows bytes and metadata and nothing of the model or of matching: the
// web app (cmd/placement, "placement serve") decides what the bytes mean.
// It never prints.
//
// # Durability
//
// The database runs in WAL mode with synchronous=FULL, foreign keys on and
// a busy timeout, set on every connection through the DSN. Every write is
// one transaction (an upload and its bytes, a run's result and its blobs),
// so a killed process leaves either all of it or none of it, and nothing
// committed is lost. Published runs, their results and blobs, and the files
// they read are made immutable by SQLite triggers, so not even raw SQL
// through this package's connection can change them ([ErrPublished]).
//
// # Schema
//
// The schema is versioned by PRAGMA user_version; [Open] applies the
// missing migration steps, each in its own transaction, and refuses a
// database written by a newer version ([ErrNewerSchema]) without touching
// it.
//
// # Interrupted runs
//
// A run is started by one server process and finished by it. When that
// process dies (killed, crashed, power cut), its runs stay "running" in the
// database. To tell a dead owner from a live one, each [Store] registers
// itself in the process table and holds an exclusive OS lock on a lock file
// beside the database (flock on Unix, LockFileEx on Windows) named by a
// random token recorded in its row. The OS releases the lock when the
// process dies, however it dies. [Open] tries to take the lock of every
// registered process: one it can take belongs to a dead process, whose row
// is removed and whose running runs are marked failed with Error
// "interrupted"; one it cannot take belongs to a live server (in this
// process or another), whose runs are left alone. [Store.Close] marks its
// own still-running runs interrupted and unregisters.
//
// The lock files ("placement.db-owner-<token>") belong beside the
// database while servers run: a lock file deleted by hand makes its live
// server look dead to the next Open. A heartbeat column was the
// alternative; it cannot tell a server killed a second ago from a live one
// without waiting out a timeout, where the OS lock knows at once.
//
// # Concurrency
//
// A Store is safe for concurrent use by many goroutines, and several
// Stores (in one process or several) may share one database file. Write
// transactions begin IMMEDIATE, so concurrent writers wait for each other
// (up to the busy timeout) instead of failing on a lock upgrade.
//
// # Backup and export
//
// [Store.Backup] writes a consistent copy of the whole database with
// VACUUM INTO while the server runs; the copy is an ordinary database that
// [Open] accepts. [Store.ExportSeason] writes one season as plain files
// (a JSON manifest, the uploaded files, the results and blobs) for
// archiving outside the program.
package store
