package docs

import "testing"

func TestDiffStatements(t *testing.T) {
	before := `{"Statement":[{"Sid":"A","Effect":"Allow","Action":"kms:*"},{"Effect":"Allow","Action":["kms:Decrypt"]},{"Sid":"Z","Action":"kms:Decrypt"}]}`
	after := `{"Statement":[{"Sid":"A","Action":"kms:*","Effect":"Allow"},{"Effect":"Allow","Action":["kms:Decrypt","kms:Encrypt"]},{"Sid":"Z","Action":["kms:Decrypt","kms:Encrypt"]},{"Sid":"New"}]}`
	ch := diffStatements(before, after)
	if len(ch.added) != 1 || ch.added[0].sid != "New" {
		t.Errorf("added %+v", ch.added)
	}
	if len(ch.changed) != 2 || ch.changed[0].index != 2 || ch.changed[1].sid != "Z" {
		t.Errorf("changed %+v", ch.changed)
	}
	if len(ch.dropped) != 0 {
		t.Errorf("dropped %+v", ch.dropped)
	}
	// A statement missing afterwards is reported, never hidden.
	ch = diffStatements(after, `{"Statement":{"Sid":"A","Effect":"Allow","Action":"kms:*"}}`)
	if len(ch.dropped) != 3 || len(ch.added) != 0 {
		t.Errorf("dropped %+v, added %+v", ch.dropped, ch.added)
	}
}
