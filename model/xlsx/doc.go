// Package xlsx reads and writes cohorts as Excel workbooks (.xlsx): the
// CSV format of package model in one workbook, a sheet a table.
//
// It lives apart from package model so that a program that imports model,
// or the allocation engine in package matching, does not link an Excel
// library: only importers of this package do.
//
// # The format
//
// A workbook with the CSV folder's files as sheets: "students" and
// "positions" must exist; "cohort", "regions", "schools", "majors",
// "enterprises" and "order_classes" may (names match without regard to
// case, other sheets are ignored). Each sheet has the CSV file's header row
// and rows, a field a cell; blank rows are skipped. A cell may hold a number
// or text: what it stores is read as the CSV field's text, whatever number
// format displays it (a capacity of 3.5 is an error, as "3.5" is in CSV);
// booleans may be TRUE/FALSE cells. Text cells are read as the CSV
// format's cells typed by hand are: spaces around them trimmed, full-width
// digits and list separators accepted (see package model). A column the
// format does not know, such as a notes column 备注, is a warning; it is
// ignored, and [Write] writes it back with its values ([model.Extra]).
// Problems name the workbook, sheet, row and column:
//
//	group.xlsx: sheet "students" row 12, column "score": student "S11": "abc" is not a number
//
// [Write] writes numbers as numbers and the flags as booleans, so that a
// planner can sort and sum them, and refuses a cell longer than Excel holds
// (32,767 characters) or an empty explicit ranking rather than lose it.
// Reading what [Write] wrote gives the same [model.Data], as for the JSON
// and CSV formats.
//
// # Responses
//
// [ReadResponses] reads a round's responses file (see package model,
// "Responses") from the sheet "responses" or "回复" of a workbook (or its
// only sheet), with the CSV format's columns (student, answer, choices,
// result; 学生, 回复, 新志愿, 上轮结果指纹); problems name the sheet's rows.
// [WriteResponses] writes one sheet that it reads back.
//
// # Limits
//
// [Read] holds the workbook in memory, within the limits of
// [model.Options] that its documentation states; the rows are decoded by
// [model.LoadTables], as [model.LoadCSV] decodes a file's.
package xlsx
