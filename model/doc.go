// Package model holds one year's placement data: students and their ranked
// choices, schools, majors, enterprises and their positions, regions and
// order classes, validated once into an immutable [Cohort].
//
// # Building a cohort
//
// A program fills a [Data] and calls [New]; files go through [ReadJSON],
// [LoadJSON] or [LoadCSV], Excel workbooks through package model/xlsx, and
// tables from any other source through [LoadTables]. Each validates the
// whole cohort and either returns it or returns a *[ValidationError] that
// lists every error found, each a *[Problem] naming the file, line (or
// sheet and row), JSON path, record ID and field, and wrapping one of the
// sentinel errors ([ErrDuplicateID], [ErrUnknownRef], [ErrInvalidValue],
// ...) for errors.Is. A rejected cohort
// yields nothing: no partial cohort is ever returned. What is worth saying
// but does not reject the cohort is kept as warnings ([Cohort.Warnings]);
// a rejected cohort keeps those found with its errors
// ([ValidationError.Warnings]: a file converted from GBK, a column
// ignored), for the planner to read after the errors.
//
// # How a cohort holds the choices
//
// A cohort keeps every student's choices as position indices, back to back
// ([Cohort.Choices]); it holds no string for them. The loaders resolve each
// choice as they read it and keep only the text of a choice no position has
// (for the problem), and [New] resolves the lists it is given without
// copying them. The first call of [Cohort.Students] spells out every
// student's [Student].Choices as position IDs, once, from the indices (16
// bytes a choice: about 0.3 GB for twenty million); [Cohort.Data] and the
// writers spell them out for themselves. Code that reads only the lists
// should use [Cohort.Choices], which costs nothing, and code that reads a
// student's other fields by index the accessors that spell nothing:
// [Cohort.NumStudents], [Cohort.StudentScore], [Cohort.StudentSpecialPost],
// [Cohort.StudentInCategory], [Cohort.StudentRegion] and the like (the
// mechanisms of package matching use only these).
//
// # What is an error and what is a warning
//
// Errors: empty, duplicate or malformed IDs (spaces around them, control
// characters, ";"; the tabular formats trim the spaces of their cells
// first, see below); references to entities that do not exist; a student
// listing a position twice or a ranking listing a student twice; scores and
// minimum scores that are NaN, infinite or negative; capacities, caps,
// floors, minimum fills and reserves below 0 or above [MaxCapacity]; reserves
// that exceed their position's capacity or name a category twice; a minimum
// fill above capacity; a floor above its region's cap, or above every seat
// that positions in the region could ever give it; an enterprise cap below
// its positions' minimum fills; seats for an order class reserved by another
// enterprise than its sponsor; a special post outside a county; a
// special-post student without a home region, or whose county offers no
// special post (the promise to place them cannot be kept); a county with
// more special-post students than special-post seats.
//
// Warnings: a choice the student is not eligible for (major, minimum score,
// special-post rules; see [Cohort.Eligibility]), kept in the list so that
// ranks keep their meaning, and never used by a mechanism (set
// [Options.StrictEligibility] to make these errors); a special-post student
// who lists no special post they may take; a county with more special-post
// seats than special-post students; a floor or minimum fill above the number
// of students who list an eligible position there; in the tabular formats,
// a column the format does not know, once or more (it is ignored, and
// kept: see [Extra]), a column with no header that holds a value (it is
// skipped: Excel leaves such columns after a table; without a value it is
// skipped silently)
// and a CSV file converted to UTF-8 from another encoding (see The CSV
// format). A position's explicit
// ranking that omits a student who listed it is neither: the pair is simply
// unacceptable to the position.
//
// Type, range and reference problems come in one pass. When a field cannot
// be decoded (text where a number belongs), the decoding problem is
// reported, that field is not checked further (nor the checks that combine
// it with another, such as a minimum fill against a capacity that did not
// decode), and the record's other fields are checked as usual: a row with
// a score "abc" and an unknown school gets both problems. A row with
// another number of fields than the header, or a JSON record that is not
// an object, is reported and not checked further. A JSON syntax error, a
// missing CSV file, sheet or column, a file that is no workbook, a CSV
// file that is text in no encoding the reader knows, or an input over the
// size limits stops reading: only the problems found so far
// are reported.
//
// # Problems as a planner reads them
//
// [ValidationError.Problems] lists every problem, one by one, in the order
// of the input. Its Error method, what a planner reads, groups them
// ([ValidationError.Groups], [GroupProblems]): problems with the same
// message about the same field of the same file are one line with the
// count and the first five rows,
//
//	students.csv, column "school": unknown school "SC02" in 300 rows (lines 3, 6, 9, 12, 15, …); did you mean SC002 (东山县职业中学2)?
//
// and the same thing said of several whole files is one line naming them
// ("positions.csv, students.csv: warning: converted from GB18030 (GBK) to
// UTF-8"). The first line counts the errors, or, when the lines are fewer,
// the lines and the rows they cover ("cohort rejected: 3 problems (53
// rows)").
//
// An unknown reference carries [Problem.Suggestions]: the record whose
// name the value is (a school's name typed in the school column), else
// the nearest IDs (a missing or extra character, case, full-width forms;
// at most three, only when close, never another number). Suggestions are
// computed once per distinct bad value, however many rows repeat it.
// [ValidationError.Text], [ProblemGroup.Text] and [Problem.Text] render
// the same text in Simplified Chinese or English (a language.Tag; the
// English text is Error's), through the package's catalogue.
//
// # Fingerprint
//
// [Cohort.Fingerprint] is a digest of a cohort's content, the same for the
// same cohort read from any format; result files record it, so that a
// result read against another version of its cohort is told so.
//
// # The JSON format
//
// A cohort is one object. Only students (each with "id" and "choices") and
// positions (each with "id" and "capacity") are needed; every other member
// and field is optional, with the zero value as default:
//
//	{
//	  "name": "spring 2026",
//	  "policy": {"special_post_any_county": false},
//	  "regions": [{"id": "C1", "name": "龙泉县", "kind": "county", "cap": 0, "floor": 0}],
//	  "schools": [{"id": "SC1", "name": "...", "level": "secondary", "region": "C1"}],
//	  "majors": [{"id": "AG", "name": "农业技术"}],
//	  "enterprises": [{"id": "E1", "name": "...", "region": "C1", "cap": 0}],
//	  "order_classes": [{"id": "OC1", "name": "...", "enterprise": "E1"}],
//	  "positions": [{"id": "P1", "name": "...", "enterprise": "E1", "region": "C1",
//	      "capacity": 3, "majors": ["AG"], "min_score": 60, "special_post": false,
//	      "reserved": [{"category": "order-class:OC1", "seats": 2, "unused": "open"}],
//	      "min_fill": 1, "target": 0, "ranking": ["S2", "S1"]}],
//	  "students": [{"id": "S1", "name": "...", "school": "SC1", "major": "AG",
//	      "level": "secondary", "region": "C1", "score": 72.5, "special_post": false,
//	      "order_class": "OC1", "choices": ["P1"]}]
//	}
//
// Levels are "secondary" or "higher"; region kinds "county", "zone" or
// "out-of-province". A reader also takes the words the outputs write for
// them (internal/words, one table used both ways): levels "中职", "高职"
// (and "中等职业", "高等职业", "secondary vocational", "higher
// vocational"), kinds "县", "园区", "省外" ("out of province"). Seat
// categories "special-post", "order-class:ID" or
// "county:ID"; unused reserved seats are "open" (they return to open
// competition; the default) or "empty". A cap, floor, minimum fill or
// minimum score of 0 means none; a position without "majors" accepts every
// major; a position without "ranking" ranks eligible students by score (ties
// broken by a seeded lottery in the mechanisms), while with one, students
// absent from it are unacceptable to it; a position without "region" is in
// its enterprise's region. A position's "target" is its target capacity
// under its enterprise's or region's cap (0: the default share; see
// Position.Target). Unknown members and fields are errors (they are
// most often typing slips). The JSON format has no place for the unknown
// columns of the tabular formats ([Data].Extra): it neither reads nor
// writes them. [WriteJSON] writes one record a line, zero
// fields left out, so that files diff well.
//
// # The CSV format
//
// A folder with one file an entity, each with a header row naming its columns in any order, column names as in
// JSON: students.csv (needs columns id and choices) and positions.csv (needs
// id and capacity) must exist; cohort.csv (name, special_post_any_county),
// regions.csv, schools.csv, majors.csv, enterprises.csv and order_classes.csv
// may. Lists (choices, majors, ranking) are joined with ";"; reserves are
// written CATEGORY=SEATS, with "/empty" after the seats when unused seats
// stay empty, joined with ";": "order-class:OC1=2;county:C1=1/empty". Empty
// cells are zero values; booleans are true/false (also 1/0, yes/no, y/n,
// 是/否). A CSV
// file cannot express an explicit ranking of nobody; [WriteCSV] refuses such
// a cohort rather than lose it.
//
// Encodings, as Excel saves CSV: a file that starts with UTF-16's byte
// order mark is UTF-16 ("Unicode text"); a file whose bytes are all valid
// UTF-8 is UTF-8, with or without a byte order mark ("CSV UTF-8"); a file
// that starts with UTF-8's byte order mark is UTF-8 whatever follows, and
// bytes that are not UTF-8 after it are a "mixed encodings" error at their
// line (a row pasted from a GBK file); a file without the mark
// with bytes that are not UTF-8 and, across the whole file, enough Chinese
// characters in valid UTF-8 (at least 3, and one for every 4 bad bytes;
// GBK text seldom forms them) is UTF-8 with another encoding mixed in, a
// "mixed encodings" error at the first bad line (a cell pasted from a GBK
// file); any other is GB18030, the superset of GBK that plain "CSV" is on
// Chinese Windows. A file read as UTF-16 or GB18030 is converted to UTF-8,
// with a warning naming the file and the encoding ([ErrEncoding]); bytes
// that do not decode in the encoding so chosen are an error at their
// line, never replacement characters. Result files (package matching) and
// change files (package whatif) in CSV are read by the same rule.
// Every file [WriteCSV] writes is UTF-8 and starts with a byte order mark,
// so that Excel opens it right.
//
// Cells as typed by hand, in CSV files and in workbooks alike: every cell
// but a name (IDs, references, levels, kinds, numbers, booleans, lists,
// reserves) is read without the spaces around it, and every list item and
// reserve without the spaces around it; the spaces are the ASCII space and
// tab, the ideographic space U+3000 and the no-break space U+00A0. In
// numbers, full-width digits ０-９ and full-width ．＋－ read as 0-9 . + -,
// and the minus signs − (U+2212), ‒ (U+2012), – (U+2013) and ﹣ (U+FE63)
// as -. In lists (choices, majors, ranking, reserved), full-width ；
// (U+FF1B), ，(U+FF0C) and the ideographic comma 、(U+3001) separate items
// as ; does: "P1； P2、P3" is the list P1, P2, P3. A list cell of spaces
// only is no list. JSON values are read as they are.
//
// Chinese names. A table and its columns may be named in Chinese, in the
// words the result workbook and the command use, as synonyms of the
// English names ([TableKey]): files 学生.csv, 岗位.csv, ... or sheets
// 学生, 岗位, 企业, 地区, 学校, 专业, 订单班, 分配数据 (cohort); and columns
//
//	id       学生编号, 学号, 学生 (students); 岗位编号, 岗位 (positions); 企业编号, 企业; 地区编号, 地区; 学校编号, 学校; 专业编号, 专业; 订单班编号, 订单班; 编号 (any)
//	name     姓名, 学生姓名 (students); 岗位名称, 企业名称, 地区名称, 学校名称, 专业名称, 订单班名称 (each its table's); 名称 (any)
//	students school 学校, major 专业, level 层次, region 生源地 or 地区, score 分数 or 成绩, special_post 专项生, order_class 订单班, choices 志愿
//	positions enterprise 企业, region 岗位所在地 or 地区, capacity 名额, majors 专业, min_score 最低分数, special_post 专项岗位, reserved 预留名额, min_fill 最低人数 or 下限, target 目标人数, ranking 排名
//	enterprises region 地区, cap 上限; regions kind 类型, cap 上限, floor 下限 or 最低人数; schools level 层次, region 地区; order_classes enterprise 企业
//
// Names are compared without regard to case, width or spaces ("ID",
// "ｉｄ", "学生 编号"). A table given under two names (students.csv and
// 学生.csv, sheets students and 学生) or a column under two (id and 学生编号)
// is an error; a problem names a column as the header writes it, and a
// missing one in Chinese when the header is in Chinese. The cohort is the
// same, and so is its fingerprint, whatever the language of its names;
// the writers write the English names.
//
// A column the format does not know, such as a planner's notes column
// 备注, is a warning naming the file (or sheet) and the column, and is
// ignored (with the column it was probably meant to be when its name is
// one slip from one: "capcity", did you mean "capacity"?); its values are kept by record ID in the cohort's [Extra]
// ([Cohort.Extra], [Data].Extra), and [Tables], [WriteCSV] and the
// workbook writer write them back after the known columns.
//
// # The Excel format and other tables
//
// Package model/xlsx reads and writes the CSV format as one workbook
// (.xlsx), a sheet a file; it is a package of its own so that importers of
// model and of the allocation engine do not link an Excel library.
// Problems then name the workbook, sheet, row and column:
//
//	group.xlsx: sheet "students" row 12, column "score": student "S11": "abc" is not a number
//
// Any other source of tables (a database, another spreadsheet format) can
// do the same through [LoadTables], which decodes the rows of a
// [TableSource] as [LoadCSV] decodes a file's, and [Tables], which gives a
// cohort's tables, rows of text fields spelled as in CSV, for a writer.
//
// The formats round-trip: reading what [WriteJSON], [WriteCSV] or the
// workbook writer wrote, or what [Tables] gave, gives the same [Data]
// (JSON without its Extra).
//
// # Responses
//
// After a round's result is published, students answer it; a responses
// file ([Responses]) holds the answers, one [Response] a student, for the
// next round (package round reads it with the next cohort and the previous
// result). The answers ([Answer]) are, for a placed student, accept (接受:
// keeps the seat and leaves the market), hold (保留, also written 保留并候补:
// keeps the seat as a guarantee and may move up to a choice ranked above
// it) and decline (放弃: gives the seat back and leaves), and for an
// unplaced one continue (继续: takes part in the next round, with a new
// list of choices if the response gives one) and withdraw (退出: leaves).
// A student the file does not list, or lists with no answer, answers the
// default that package round sets: accept for a placed student, continue
// for an unplaced one. Which answers fit which students (hold for an
// unplaced student, a student of another cohort) is for package round to
// check; this package checks the file itself.
//
// The formats: JSON ([ReadResponsesJSON], [WriteResponsesJSON]),
//
//	{"result": "<fingerprint>", "responses": [{"student": "S1", "answer": "hold"},
//	 {"student": "S2", "answer": "continue", "choices": ["P3", "P4"]}]}
//
// CSV ([ReadResponsesCSV], [WriteResponsesCSV]) with the columns student,
// answer, choices and result, in Chinese 学生 (or 学号), 回复, 新志愿 and
// 上轮结果指纹, the answers as code words or in Chinese, choices a list as
// in a cohort's CSV (separated by ; ；， or 、), the result's fingerprint on
// every row or on the first only; and a sheet "responses" (回复) of a
// workbook with the same columns (model/xlsx, through
// [ReadResponsesTable]). A CSV file is read in the encodings of a cohort's
// (UTF-8, UTF-16 with a byte order mark, GBK), its cells as planners type
// them; a column the format does not know (备注) is a warning, kept in
// [Responses].Warnings. Every problem is found at once and located (file,
// line, column, or path in JSON), in English and Chinese like a cohort's:
// an unknown answer (with "did you mean" when it is close), a row with no
// student, a student who answers twice (both lines), new choices with an
// answer other than continue, a bad list, two different result
// fingerprints, a file with no responses, a JSON value of the wrong type.
// The writers refuse what the readers would not read back, and
// [Responses.Fingerprint] is the same for the same responses in every
// format (it ignores the order of the file).
//
// # Limits
//
// Loaders stream and bound what they hold: [Options.MaxBytes] a file (4 GiB
// by default; for a workbook, also the parts it unzips to),
// [Options.MaxLineBytes] a CSV line or a sheet's row (64 MiB), and
// [Options.MaxProblems] the problems listed (1,000; the rest are counted).
// The responses readers hold their file in memory and keep these bounds
// at their defaults.
// Numbers beyond [MaxCapacity] are rejected before anything is sized by them.
//
// students.csv, the bulk of a folder, is read in parallel: one goroutine cuts
// the file into chunks of whole rows (at line ends outside quotes, through a
// second handle on the file) and the others parse and decode them. At a
// syntax error other than a wrong number of fields, a line over the limit or
// a file over the limit, that reader gives up and the file is read row by
// row from the start, so the problems reported are those of the plain reader.
//
// [LoadJSON] reads the students list of a JSON file in the same way: one
// goroutine finds where each record ends (tracking only strings and
// nesting) and passes the rest of the file to the decoder, and the others
// decode the records, checking their syntax in full. At any syntax error,
// a file over the limit or a layout it does not expect (a record that is
// not an object, a duplicate or escaped member name, ...), it gives up and
// the file is opened again and read as [ReadJSON] reads it, so the problems
// reported are those of the plain reader. [ReadJSON], which has only a
// stream, always reads that way.
//
// # Concurrency and determinism
//
// A Cohort is immutable and safe for concurrent use (spelling out the
// choices on the first call of Students included). Loading, validation and
// the writers are deterministic: the same input gives the same cohort, the
// same problems in the same order, and the same bytes out, whatever the
// number of goroutines.
package model
