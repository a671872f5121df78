package words_test

import (
	"strings"
	"testing"

	"golang.org/x/text/language"

	"github.com/placement-engine/placement/internal/lang"
	"github.com/placement-engine/placement/internal/words"
	"github.com/placement-engine/placement/matching"
	"github.com/placement-engine/placement/model"
)

// TestEveryCodeNamed checks that every mechanism, objective, reason, level
// and kind of region the code has is named in both languages, and that no
// Chinese name uses a retired word.
func TestEveryCodeNamed(t *testing.T) {
	check := func(what, code, en, zh string) {
		t.Helper()
		if en == code && zh == code || zh == "" || en == "" {
			t.Errorf("%s %q has no name (en %q, zh %q)", what, code, en, zh)
		}
		for old := range words.Retired {
			if strings.Contains(zh, old) {
				t.Errorf("%s %q: %q uses the retired word %q", what, code, zh, old)
			}
		}
	}
	for _, m := range []matching.Mechanism{matching.StudentDA, matching.PositionDA, matching.OptimalAllocation} {
		check("mechanism", m.String(), words.Mechanism(lang.English, m.String()), words.Mechanism(lang.Chinese, m.String()))
	}
	for _, o := range []matching.Objective{matching.RankSum, matching.RankMaximal, matching.Generous} {
		check("objective", o.String(), words.Objective(lang.English, o.String()), words.Objective(lang.Chinese, o.String()))
	}
	for _, r := range []matching.Reason{matching.EmptyList, matching.NoEligibleChoice, matching.NotRanked, matching.Rejected, matching.SpecialPostLeftOpen, matching.NotSelected,
		matching.Declined, matching.Withdrew, matching.SpecialPostsFull} {
		for _, short := range []bool{false, true} {
			check("reason", r.String(), words.Reason(lang.English, r.String(), short), words.Reason(lang.Chinese, r.String(), short))
		}
	}
	for _, l := range []model.Level{model.LevelUnspecified, model.Secondary, model.Higher} {
		check("level", "level "+l.String(), words.Level(lang.English, l.String()), words.Level(lang.Chinese, l.String()))
	}
	for _, k := range []model.RegionKind{model.County, model.Zone, model.OutOfProvince} {
		check("kind", k.String()+"?", words.RegionKind(lang.English, k.String()), words.RegionKind(lang.Chinese, k.String()))
	}
	for _, code := range words.Terms() {
		check("term", code+"?", words.Term(lang.English, code), words.Term(lang.Chinese, code))
	}
	if got := words.Mechanism(lang.Chinese, "no-such"); got != "no-such" {
		t.Errorf("an unknown code word: got %q, want it as it is", got)
	}
}

func TestWithCode(t *testing.T) {
	if got, want := words.WithCode(words.Mechanism(lang.Chinese, "student-da"), "student-da"), "学生优先稳定分配 (student-da)"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := words.WithCode("x", "x"); got != "x" {
		t.Errorf("a name that is its code: got %q", got)
	}
}

func TestChinese(t *testing.T) {
	zh := words.Chinese()
	for _, code := range []string{"student-da", "rank-sum"} {
		en, want := words.Mechanism(lang.English, code), words.Mechanism(lang.Chinese, code)
		if code == "rank-sum" {
			en, want = words.Objective(lang.English, code), words.Objective(lang.Chinese, code)
		}
		if zh[en] != want {
			t.Errorf("Chinese()[%q] = %q, want %q", en, zh[en], want)
		}
	}
	if got, want := zh[words.Term(lang.English, "seats")], "名额"; got != want {
		t.Errorf("seats: got %q, want %q", got, want)
	}
}

// LevelCode and RegionKindCode read back every name Level and RegionKind
// write, in both languages: one table, used both ways.
func TestCodesReadBack(t *testing.T) {
	for _, l := range []string{"", "secondary", "higher"} {
		for _, tag := range []language.Tag{lang.English, lang.Chinese} {
			for _, name := range []string{l, words.Level(tag, l)} {
				if c, ok := words.LevelCode(name); !ok || c != l {
					t.Errorf("LevelCode(%q) = %q, %v; want %q", name, c, ok, l)
				}
			}
		}
	}
	for _, k := range []string{"county", "zone", "out-of-province"} {
		for _, tag := range []language.Tag{lang.English, lang.Chinese} {
			for _, name := range []string{k, words.RegionKind(tag, k)} {
				if c, ok := words.RegionKindCode(name); !ok || c != k {
					t.Errorf("RegionKindCode(%q) = %q, %v; want %q", name, c, ok, k)
				}
			}
		}
	}
	if c, ok := words.LevelCode("中等职业"); c != "secondary" || !ok {
		t.Errorf("中等职业: %q, %v", c, ok)
	}
	if _, ok := words.RegionKindCode("市"); ok {
		t.Error("市 is a kind")
	}
}

func TestAnswers(t *testing.T) {
	zh := map[string]string{"accept": "接受", "hold": "保留", "decline": "放弃", "continue": "继续", "withdraw": "退出"}
	for _, c := range words.AnswerCodes() {
		if got := words.Answer(lang.Chinese, c); got != zh[c] {
			t.Errorf("Answer(zh, %q) = %q, want %q", c, got, zh[c])
		}
		if got := words.Answer(lang.English, c); got != c {
			t.Errorf("Answer(en, %q) = %q", c, got)
		}
		for _, name := range append(words.AnswerNames(c), strings.ToUpper(c)) {
			if got, ok := words.AnswerCode(name); !ok || got != c {
				t.Errorf("AnswerCode(%q) = %q, %v; want %q", name, got, ok, c)
			}
		}
	}
	if len(zh) != len(words.AnswerCodes()) {
		t.Errorf("answers: %v", words.AnswerCodes())
	}
	if c, ok := words.AnswerCode("保留并候补"); !ok || c != "hold" {
		t.Errorf("保留并候补: %q, %v", c, ok)
	}
	for name, want := range map[string]string{"同意": "accept", "候补": "hold", "拒绝": "decline",
		"未回复（按接受）": "accept", "No answer (Hold)": "hold", "已在前几轮退出": "withdraw", "declined in an earlier round": "decline"} {
		if c, ok := words.AnswerCode(name); !ok || c != want {
			t.Errorf("AnswerCode(%q) = %q, %v; want %q", name, c, ok, want)
		}
	}
	if got := words.AnswerDefault(lang.Chinese, "accept"); got != "未回复（按接受）" {
		t.Errorf("AnswerDefault(zh, accept) = %q", got)
	}
	if got := words.AnswerEarlier(lang.English, "accept"); got != "" {
		t.Errorf("AnswerEarlier(en, accept) = %q, want none", got)
	}
	for _, bad := range []string{"", "yes", "好的", "接"} {
		if c, ok := words.AnswerCode(bad); ok {
			t.Errorf("AnswerCode(%q) = %q", bad, c)
		}
	}
	if words.AnswerNames("maybe") != nil {
		t.Error("names of an unknown answer")
	}
}

func TestRound(t *testing.T) {
	tests := []struct {
		n      int
		en, zh string
	}{{1, "main round", "主轮"}, {2, "round 2", "第2轮"}, {3, "round 3", "第3轮"}}
	for _, tt := range tests {
		if got := words.Round(lang.English, tt.n); got != tt.en {
			t.Errorf("Round(en, %d) = %q", tt.n, got)
		}
		if got := words.Round(lang.Chinese, tt.n); got != tt.zh {
			t.Errorf("Round(zh, %d) = %q", tt.n, got)
		}
	}
	if words.Term(lang.Chinese, "supplementary round") != "补录轮" {
		t.Error("补录轮")
	}
}
