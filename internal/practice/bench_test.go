package practice_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/zcmk/zcmk-tui/internal/practice"
	"github.com/zcmk/zcmk-tui/internal/testutil/moto"
)

// What practice mode costs before its first answer: start the practice AWS
// with a saved account, answer one STS call, stop. The peer is moto, the
// emulator a rehearsal needed before (started, one call, stopped).
// Run: go test -run '^$' -bench Start -benchtime 5x ./internal/practice/
func BenchmarkStartPractice(b *testing.B) {
	path := b.TempDir() + "/practice.json"
	for i := 0; i < b.N; i++ {
		s, err := practice.Start(practice.Options{StatePath: path})
		if err != nil {
			b.Fatal(err)
		}
		identity(b, s.URL)
		s.Close()
	}
}

func BenchmarkStartMotoPeer(b *testing.B) {
	for i := 0; i < b.N; i++ {
		s, err := moto.Start()
		if err != nil {
			b.Fatal(err)
		}
		identity(b, s.URL)
		s.Stop()
	}
}

func identity(b *testing.B, url string) {
	req, _ := http.NewRequest("POST", url, strings.NewReader("Action=GetCallerIdentity&Version=2011-06-15"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=0")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		b.Fatalf("GetCallerIdentity: HTTP %d", resp.StatusCode)
	}
}
