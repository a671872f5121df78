// Package csvtext holds the rules every CSV file of the project is read
// and written by, in one place: the cohort's tables (package model), result
// files (package matching) and change files and diffs (package whatif).
//
// Reading: [NewReader] (or [Detect], for a reader that streams a file it
// can open twice) takes a file in UTF-8 with or without a byte order mark,
// UTF-16 with one, or GB18030 (GBK, Excel's plain "CSV" on Chinese
// Windows), and gives its text in UTF-8 without the mark; a file in no
// such encoding, or with a GBK cell in UTF-8 text, is an error at its
// line, never replacement characters or mojibake. Writing: [WriteBOM]
// starts every file with the byte order mark, so that Excel opens it as
// UTF-8. Cells: [TrimCell], [NumberCell] and [ListCell] read cells as
// planners type them (spaces around values, full-width digits and
// separators).
package csvtext
