package main

import "strings"

// quickStartText is the archive's QUICKSTART.txt, in Chinese for the
// planners and in English; {exe} is how the command is typed on the
// target, {open} how the report is opened, {ver} the version.
const quickStartText = `placement {ver} — 快速入门 / Quick start
=========================================

中文
----
placement 为职教集团把学生分配到企业实习、就业岗位：学生优先稳定分配、
企业优先稳定分配和最优分配，并独立检查结果、生成报告和图表。

1. 把本压缩包解压到一个文件夹。{unpack_zh}
2. 在该文件夹中打开{term_zh}。
3. 运行示例（不需要任何数据文件）：

       {exe} demo

   它生成一个示例年度（14 所学校约 5000 名学生），计算学生优先稳定分配和
   最优分配，检查两者，打印摘要，并把生源数据、两个结果、报告和图表写入
   placement-demo 文件夹。用浏览器打开报告（不需要联网）：

       {open}

4. 工作台：在浏览器里完成整个年度分配（上传数据、运行分配、报告、说明、
   假设分析、发布和补录轮次），数据都保存在本文件夹的 placement.db 中：

       {exe} serve

   它会打开浏览器，地址是 http://127.0.0.1:8808/ ；按 Ctrl-C 停止。

5. 用自己的数据：先生成一个示例工作簿，照它的工作表和列填写你们的数据：

       {exe} gen -preset group -seed 2026 -out group.xlsx
       {exe} solve -cohort group.xlsx -seed 7 -out result.xlsx
       {exe} report -cohort group.xlsx -result result.xlsx -html report.html

6. 每个命令都有帮助，例如 {exe} solve -h。完整说明见 README.md（英文）。

English
-------
placement allocates vocational students to enterprise internship and
employment positions: stable (student- or enterprise-optimal) or optimal
under every quota, with independent checks, a report and charts.

1. Unpack this archive into a folder.{unpack_en}
2. Open {term_en} in that folder.
3. Run the demo (it needs no files):

       {exe} demo

   It generates a year of a vocational education group (about 5,000
   students of 14 schools), computes the stable and the optimal
   allocation, checks both, prints the summary and writes the cohort, both
   results, the report and its charts into the folder placement-demo. Open
   the report in a browser (no network needed):

       {open}

4. The workbench: the whole season in your browser (uploads, runs,
   reports, explanations, what-ifs, publishing and rounds), kept in
   placement.db in this folder:

       {exe} serve

   It opens the browser at http://127.0.0.1:8808/; Ctrl-C stops it.

5. Your own data: generate a sample workbook and fill in your data with
   the same sheets and columns:

       {exe} gen -preset group -seed 2026 -out group.xlsx
       {exe} solve -cohort group.xlsx -seed 7 -out result.xlsx
       {exe} report -cohort group.xlsx -result result.xlsx -html report.html

6. Every verb has -h, for example {exe} solve -h. README.md has the whole
   guide.
`

// quickStart is the quick start for the target: Windows gets CRLF line
// ends and a byte order mark, so that every Notepad shows the Chinese.
func quickStart(t target, ver string) []byte {
	var r *strings.Replacer
	switch t.GOOS {
	case "windows":
		r = strings.NewReplacer("{ver}", ver, "{exe}", "placement.exe",
			"{open}", `start placement-demo\report.html`,
			"{unpack_zh}", "（在资源管理器中右键点击压缩包，选择“全部解压缩”。）",
			"{unpack_en}", ` (In Explorer: right-click the archive, "Extract All".)`,
			"{term_zh}", "命令提示符（在资源管理器的地址栏输入 cmd 并回车）",
			"{term_en}", "a command prompt (type cmd in Explorer's address bar and press Enter)")
	case "darwin":
		r = strings.NewReplacer("{ver}", ver, "{exe}", "./placement",
			"{open}", "open placement-demo/report.html",
			"{unpack_zh}", "macOS 第一次可能拒绝运行未签名的程序：在终端运行\n   xattr -d com.apple.quarantine placement 即可。",
			"{unpack_en}", " macOS may refuse to run an unsigned program the first\n   time: run xattr -d com.apple.quarantine placement in the terminal.",
			"{term_zh}", "“终端”",
			"{term_en}", "Terminal")
	default:
		r = strings.NewReplacer("{ver}", ver, "{exe}", "./placement",
			"{open}", "xdg-open placement-demo/report.html",
			"{unpack_zh}", "（tar -xzf 压缩包名）",
			"{unpack_en}", " (tar -xzf ARCHIVE)",
			"{term_zh}", "终端",
			"{term_en}", "a terminal")
	}
	s := r.Replace(quickStartText)
	if t.GOOS == "windows" {
		return []byte("\ufeff" + strings.ReplaceAll(s, "\n", "\r\n"))
	}
	return []byte(s)
}
