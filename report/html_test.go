package report

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/placement-engine/placement/internal/golden"
	"github.com/placement-engine/placement/matching"
)

// attr returns the value of n's attribute key.
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// walk calls f on n and every node under it.
func walk(n *html.Node, f func(*html.Node)) {
	f(n)
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		walk(ch, f)
	}
}

// count counts the elements named tag under n.
func count(n *html.Node, tag string) int {
	k := 0
	walk(n, func(m *html.Node) {
		if m.Type == html.ElementNode && m.Data == tag {
			k++
		}
	})
	return k
}

// TestHTML renders the group preset's report of the optimal and the
// stable allocation and checks, on the parsed page, that every chart is an
// <svg> with drawn bars and text, that every table has rows, as many as
// Tables says, and that nothing is fetched from elsewhere.
func TestHTML(t *testing.T) {
	c, stable, optimal := groupResults(t)
	rp, err := New(c, optimal, stable)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, rp.WriteHTML(&buf))
	doc, err := html.Parse(bytes.NewReader(buf.Bytes()))
	require.NoError(t, err)

	byID := map[string]*html.Node{}
	walk(doc, func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		if id := attr(n, "id"); id != "" {
			if byID[id] != nil {
				t.Errorf("id %q twice", id)
			}
			byID[id] = n
		}
		switch n.Data {
		case "script", "iframe", "object", "embed", "link", "img":
			t.Errorf("<%s> in a self-contained page", n.Data)
		}
		for _, a := range n.Attr {
			if (a.Key == "src" || a.Key == "href") && !strings.HasPrefix(a.Val, "#") {
				t.Errorf("<%s %s=%q>: a reference outside the page", n.Data, a.Key, a.Val)
			}
		}
	})
	if strings.Contains(buf.String(), "url(") || strings.Contains(buf.String(), "@import") {
		t.Error("the CSS loads something")
	}

	want := []string{"rank", "unplaced", "fill-school", "fill-level", "fill-enterprise", "fill-region", "fill-major", "special-posts", "special-school", "out-of-province", "gains", "blocking"}
	if d := cmp.Diff(want, rp.Charts()); d != "" {
		t.Errorf("charts (-want +got):\n%s", d)
	}
	for _, id := range rp.Charts() {
		svg := byID["chart-"+id]
		if svg == nil || svg.Data != "svg" {
			t.Errorf("chart %s: no <svg id=%q>", id, "chart-"+id)
			continue
		}
		// Bars are filled paths; axes and grid are stroked paths.
		if n := count(svg, "path"); n < 10 {
			t.Errorf("chart %s: %d paths, want bars, axes and grid", id, n)
		}
		if n := count(svg, "text"); n < 3 {
			t.Errorf("chart %s: %d texts, want a title and axis labels", id, n)
		}
		if _, ok := rp.Table(id); !ok {
			t.Errorf("chart %s has no table", id)
		}
	}
	for _, tb := range rp.Tables() {
		tab := byID["table-"+tb.ID]
		if tab == nil || tab.Data != "table" {
			t.Errorf("table %s: no <table id=%q>", tb.ID, "table-"+tb.ID)
			continue
		}
		var body *html.Node
		walk(tab, func(n *html.Node) {
			if n.Type == html.ElementNode && n.Data == "tbody" {
				body = n
			}
		})
		require.NotNil(t, body, "table %s has no tbody", tb.ID)
		rows := count(body, "tr")
		if rows == 0 || rows != len(tb.Rows) {
			t.Errorf("table %s: %d rows in the page, %d in Tables", tb.ID, rows, len(tb.Rows))
		}
		if cells := count(body, "td"); cells != rows*len(tb.Header) {
			t.Errorf("table %s: %d cells for %d rows of %d columns", tb.ID, cells, rows, len(tb.Header))
		}
	}
	// With two results, each table heads its columns by result.
	var groups []string
	walk(byID["table-rank"], func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "th" && attr(n, "colspan") == "2" && n.FirstChild != nil {
			groups = append(groups, n.FirstChild.Data)
		}
	})
	if d := cmp.Diff([]string{rp.Label(0), rp.Label(1)}, groups); d != "" {
		t.Errorf("rank table's result headings (-want +got):\n%s", d)
	}
	// The summary cards say what the results say.
	for _, res := range []*matching.Result{optimal, stable} {
		// Counts in prose are grouped by thousands, as the language writes them.
		en := message.NewPrinter(language.English)
		line := en.Sprintf("%d of %d students placed; %d unplaced", res.Placed(), len(c.Students()), len(res.Unplaced()))
		if !strings.Contains(buf.String(), line) {
			t.Errorf("no summary %q", line)
		}
		var placed, students int
		for _, row := range res.SpecialPostsByCounty() {
			placed += row.Placed
			students += row.Students
		}
		line = en.Sprintf("special-post students placed %d of %d", placed, students)
		if !strings.Contains(buf.String(), line) {
			t.Errorf("no summary %q", line)
		}
	}
	t.Logf("HTML: %d bytes", buf.Len())
	if buf.Len() > 1<<20 {
		t.Errorf("HTML of %d bytes: over 1 MiB", buf.Len())
	}
}

// TestDeterministic: the same report, built twice, gives the same bytes
// from every writer.
func TestDeterministic(t *testing.T) {
	c, stable, optimal := groupResults(t)
	render := func() (string, map[string][]byte) {
		rp, err := New(c, optimal, stable)
		require.NoError(t, err)
		var buf bytes.Buffer
		require.NoError(t, rp.WriteHTML(&buf))
		require.NoError(t, rp.WriteText(&buf))
		files := map[string][]byte{}
		dir := t.TempDir()
		for _, format := range []string{"svg", "png"} {
			paths, err := rp.WriteCharts(dir, format)
			require.NoError(t, err)
			require.Len(t, paths, len(rp.Charts()))
			for _, p := range paths {
				b, err := os.ReadFile(p)
				require.NoError(t, err)
				require.NotEmpty(t, b)
				files[filepath.Base(p)] = b
			}
		}
		return buf.String(), files
	}
	page1, files1 := render()
	page2, files2 := render()
	if page1 != page2 {
		t.Error("HTML or text differs between two renderings")
	}
	require.Len(t, files1, 2*len(ChartIDs))
	for name, b := range files1 {
		if !bytes.Equal(b, files2[name]) {
			t.Errorf("chart %s differs between two renderings", name)
		}
	}
	if !bytes.HasPrefix(files1["rank.png"], []byte("\x89PNG")) {
		t.Error("rank.png is not a PNG")
	}
}

func TestWriteChartsErrors(t *testing.T) {
	c, stable, _ := groupResults(t)
	rp, err := New(c, stable)
	require.NoError(t, err)
	if _, err := rp.WriteCharts(t.TempDir(), "gif"); err == nil || !strings.Contains(err.Error(), `"gif"`) {
		t.Errorf("format gif: error %v", err)
	}
	if _, err := rp.WriteCharts(filepath.Join(t.TempDir(), "missing"), "svg"); err == nil {
		t.Error("missing folder: no error")
	}
}

// TestTextGolden compares the terminal summary of one result and of two
// with testdata/*.golden (go test -run TextGolden -update rewrites them).
func TestTextGolden(t *testing.T) {
	c, stable, optimal := groupResults(t)
	for _, tc := range []struct {
		file string
		rp   func() (*Report, error)
	}{
		{"text-one.golden", func() (*Report, error) { return New(c, stable) }},
		{"text-two.golden", func() (*Report, error) { return New(c, optimal, stable) }},
	} {
		t.Run(tc.file, func(t *testing.T) {
			rp, err := tc.rp()
			require.NoError(t, err)
			var buf bytes.Buffer
			require.NoError(t, rp.WriteText(&buf))
			path := filepath.Join("testdata", tc.file)
			golden.Check(t, path, buf.String())
		})
	}
}
