package identity_test

import (
	"strings"
	"testing"

	"github.com/crudservice/crudsvc/internal/identity"
)

func TestParseBlocklist(t *testing.T) {
	tests := []struct {
		name, text string
		blocked    []string
		wantErr    string
	}{
		{name: "ok/empty"},
		{name: "ok/comments_and_blank_lines",
			text:    "# revoked laptops\n\n" + tpPlain + "\n   \n" + tpMapped + "  # lost 2026-11\r\n",
			blocked: []string{tpPlain, tpMapped}},
		{name: "ok/indented", text: "\t" + tpPlain + "\t\n", blocked: []string{tpPlain}},
		{name: "fail/hex", text: "# x\n" + strings.Repeat("ab", 32) + "\n", wantErr: "bl.txt:2:"},
		{name: "fail/padded", text: tpPlain + "=\n", wantErr: "bl.txt:1:"},
		{name: "fail/standard_alphabet", text: strings.ReplaceAll(tpPlain, "-", "+") + "\n",
			wantErr: "bl.txt:1:"},
		{name: "fail/two_on_a_line", text: tpPlain + " " + tpMapped + "\n", wantErr: "bl.txt:1:"},
		{name: "fail/garbage_after_good_lines", text: tpPlain + "\n\nnope\n", wantErr: "bl.txt:3:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := identity.ParseBlocklist("bl.txt", []byte(tt.text))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseBlocklist error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			snap := identity.NewSnapshot(nil, b)
			for _, tp := range tt.blocked {
				if !snap.Blocked(tp) {
					t.Errorf("Blocked(%s) = false, want true", tp)
				}
			}
			if b.Len() != len(tt.blocked) {
				t.Errorf("Len = %d, want %d", b.Len(), len(tt.blocked))
			}
		})
	}
}
