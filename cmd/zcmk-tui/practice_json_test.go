package main

import (
	"bytes"
	"encoding/json"
	"testing"
)

func TestPracticeJSONMarksEveryObject(t *testing.T) {
	for _, v := range []any{map[string]any{}, map[string]any{"a": 1, "b": []int{1}}, struct{ X string }{"y"}} {
		for _, indent := range []bool{false, true} {
			var b bytes.Buffer
			enc := json.NewEncoder(practiceJSON{&b})
			if indent {
				enc.SetIndent("", "  ")
			}
			if err := enc.Encode(v); err != nil {
				t.Fatal(err)
			}
			var m map[string]any
			if err := json.Unmarshal(b.Bytes(), &m); err != nil || m["practice"] != true {
				t.Errorf("%v indent=%v: %s (%v)", v, indent, b.String(), err)
			}
		}
	}
	var b bytes.Buffer
	practiceJSON{&b}.Write([]byte("not json {x}\n"))
	if b.String() != "not json {x}\n" {
		t.Errorf("text changed: %q", b.String())
	}
}
