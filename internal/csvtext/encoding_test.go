package csvtext

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func TestRuneCut(t *testing.T) {
	s := []byte("ab张")
	for n := 0; n <= len(s); n++ {
		want := n
		if n == 3 || n == 4 {
			want = 2 // inside 张
		}
		if got := runeCut(s[:n]); got != want {
			t.Errorf("runeCut(%q) = %d, want %d", s[:n], got, want)
		}
	}
}

func detect(data []byte, max int64) Detection {
	reopen := func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }
	return Detect(bytes.NewReader(data), reopen, max)
}

// Detect checks every byte of a UTF-8 file, whatever chunk a character
// straddles.
func TestDetectChunks(t *testing.T) {
	for pad := range 4 {
		var b bytes.Buffer
		b.WriteString(strings.Repeat("a", chunk-2+pad))
		b.WriteString("张伟\n")
		data := b.Bytes()
		if d := detect(data, 1<<30); d != (Detection{}) {
			t.Errorf("pad %d: %+v; want UTF-8", pad, d)
		}
		// A byte that no UTF-8 allows, at the chunk's end.
		bad := append([]byte(nil), data...)
		bad[chunk-1] = 0xFF
		if d := detect(bad, 1<<30); d.Err() == nil {
			t.Errorf("pad %d: a bad byte at the chunk's end passes: %+v", pad, d)
		}
	}
}

// A file over the size limit is the reader's to report as too large, even
// when the limit cuts a character in two.
func TestDetectOverLimit(t *testing.T) {
	data := []byte("id,name\nS1,张伟\n")
	limit := int64(bytes.Index(data, []byte("伟")) + 1) // inside 伟
	if d := detect(data, limit-1); d != (Detection{}) {
		t.Errorf("%+v; want UTF-8", d)
	}
}

func gbk(t *testing.T, s string) string {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A file is UTF-8, GB18030, or UTF-8 with another encoding mixed in,
// whichever line the other encoding's bytes come at.
func TestDetectMixed(t *testing.T) {
	names := "张伟,王芳,李娜,刘洋,陈静,杨磊,赵敏,黄勇,周杰,吴霞,徐涛,孙丽"
	rows := strings.Split(names, ",")
	var all strings.Builder
	all.WriteString("id,name,choices\n")
	for i, n := range rows {
		all.WriteString("S" + string(rune('A'+i)) + "," + n + ",P1\n")
	}
	cases := []struct {
		name string
		data string
		want Detection
	}{
		{"utf-8", all.String(), Detection{}},
		{"gbk", gbk(t, all.String()), Detection{Encoding: GB18030}},
		// The reviewer's file: one GBK cell on the first row, UTF-8
		// Chinese after it, which GB18030 would decode into mojibake.
		{"gbk cell first", "id,name,choices\nS1," + gbk(t, "李娜") + ",P1\nS2,张伟,P1\nS3,王芳,P2\n",
			Detection{Encoding: UTF8, BadLine: 2, Mixed: true}},
		{"gbk cell late", all.String() + "S9," + gbk(t, "李娜") + ",P1\n",
			Detection{Encoding: UTF8, BadLine: len(rows) + 2, Mixed: true}},
		{"gbk line in gbk", gbk(t, all.String()) + "\xff\n", Detection{Encoding: GB18030, BadLine: len(rows) + 2}},
		{"utf-16", "\xff\xfei\x00d\x00\n\x00", Detection{Encoding: UTF16LE}},
	}
	for _, tc := range cases {
		if got := detect([]byte(tc.data), 1<<30); got != tc.want {
			t.Errorf("%s: %+v, want %+v", tc.name, got, tc.want)
		}
		r, enc, err := NewReader(strings.NewReader(tc.data), 1<<30)
		if tc.want.BadLine > 0 {
			var ee *EncodingError
			if !errors.As(err, &ee) || !errors.Is(err, ErrEncoding) || ee.Detection != tc.want {
				t.Errorf("%s: NewReader: %v, want an encoding error", tc.name, err)
			}
			continue
		}
		if err != nil || enc != tc.want.Encoding {
			t.Errorf("%s: NewReader: %v, %v", tc.name, enc, err)
			continue
		}
		text, _ := io.ReadAll(r)
		if tc.name != "utf-16" && string(text) != all.String() {
			t.Errorf("%s: read %q", tc.name, text)
		}
	}
}

// GBK text of common names and words does not pass for mixed UTF-8: the
// threshold holds across many files of Chinese text.
func TestDetectGBKNotMixed(t *testing.T) {
	text := []rune("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严")
	for start := 0; start+40 <= len(text); start += 37 {
		for _, n := range []int{5, 12, 40} {
			s := "id,name\nS1," + string(text[start:start+n]) + "\n"
			if d := detect([]byte(gbk(t, s)), 1<<30); d.Encoding != GB18030 || d.Mixed {
				t.Errorf("%q in GBK: %+v", string(text[start:start+n]), d)
			}
		}
	}
}

// FuzzNewReader: any bytes give either an encoding error or valid UTF-8
// text without a byte order mark at its start, and never a panic; a file
// that is valid UTF-8 is read as it is.
func FuzzNewReader(f *testing.F) {
	f.Add([]byte("id,name\nS1,张伟\n"))
	f.Add([]byte("\xef\xbb\xbfid\n"))
	f.Add([]byte("\xff\xfei\x00d\x00"))
	f.Add([]byte("S1,\xc0\xee\xc4\xc8\nS2,张伟,王芳,李娜\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, enc, err := NewReader(bytes.NewReader(data), 1<<20)
		if err != nil {
			if !errors.Is(err, ErrEncoding) {
				t.Fatalf("%v", err)
			}
			return
		}
		text, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		if !utf8.Valid(text) {
			t.Fatalf("%v: invalid UTF-8 %q", enc, text)
		}
		if utf8.Valid(data) && enc == UTF8 && string(text) != strings.TrimPrefix(string(data), BOM) {
			t.Fatalf("UTF-8 changed: %q", text)
		}
	})
}

// A UTF-8 byte order mark means UTF-8: a GBK row after it is mixed
// encodings at its line, even with too few UTF-8 characters for the
// ratio to tell (a file gen wrote, plus one row pasted from a GBK file).
func TestDetectBOMThenGBK(t *testing.T) {
	gbk, err := simplifiedchinese.GBK.NewEncoder().String("S2,王芳,计算机应用\n")
	if err != nil {
		t.Fatal(err)
	}
	data := []byte(BOM + "id,name,major\nS1,Li,CS\n" + gbk)
	d := detect(data, 1<<30)
	if d != (Detection{Encoding: UTF8, BadLine: 3, Mixed: true}) {
		t.Fatalf("%+v; want mixed encodings at line 3", d)
	}
	if _, _, err := NewReader(bytes.NewReader(data), 1<<30); !errors.Is(err, ErrEncoding) || !strings.Contains(err.Error(), "line 3: mixed encodings") {
		t.Errorf("NewReader: %v", err)
	}
	// Without the mark the same bytes are still GBK's to decide.
	if d := detect(data[len(BOM):], 1<<30); d.Mixed || d.Encoding != GB18030 {
		t.Errorf("without the BOM: %+v; want GB18030", d)
	}
}
