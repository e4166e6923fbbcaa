package devenv

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// Walkthrough is the set of curl commands `crudsvc dev` prints once the
// server listens. Each command is complete: absolute paths, the dev CA for
// server verification, and the token in the shell variable TOKEN.
type Walkthrough struct {
	// BaseURL is https://localhost:PORT.
	BaseURL string
	Layout  Layout
	// Token is bound to client one and expires at TokenExpiry.
	Token       string
	TokenExpiry time.Time
	// Mode is the authentication mode in force, shown in the header.
	Mode string
	// Username is the demo user the workflow creates; unique per run
	// because the demo database outlives runs.
	Username string
	// IdempotencyKey goes into the printed resume request.
	IdempotencyKey string
	// TokenCommand is how to run `crudsvc token` from here.
	TokenCommand string
}

// step is one numbered command with what it should answer.
type step struct {
	title string
	lines []string // shell words already quoted, one continuation line each
}

// WriteTo prints the walkthrough.
func (w Walkthrough) WriteTo(out io.Writer) (int64, error) {
	var b strings.Builder
	w.header(&b)
	for i, s := range w.steps() {
		fmt.Fprintf(&b, "\n# %d. %s\n", i+1, s.title)
		b.WriteString(strings.Join(s.lines, " \\\n    "))
		b.WriteString("\n")
	}
	b.WriteString("\nServer logs go to stderr, audit events to " + w.Layout.Path(AuditLogFile) +
		".\nPress Ctrl-C to stop.\n")
	n, err := io.WriteString(out, b.String())
	return int64(n), err
}

func (w Walkthrough) header(b *strings.Builder) {
	fmt.Fprintf(b, "crudsvc dev is serving %s in mode %s (development only).\n\n", w.BaseURL, w.Mode)
	fmt.Fprintf(b, "Paste these commands into a shell. TOKEN is bound to client one's certificate\n"+
		"(cnf.x5t#S256) and expires at %s. Mint a fresh one with:\n\n", w.TokenExpiry.UTC().Format(time.RFC3339))
	fmt.Fprintf(b, "  TOKEN=$(%s token --cert %s --key %s)\n\n", w.TokenCommand,
		shellQuote(w.Layout.Path(Client1CertFile)), shellQuote(w.Layout.Path(SigningKeyFile)))
	fmt.Fprintf(b, "TOKEN=%s\n", shellQuote(w.Token))
}

// steps are, in order: health, a bound call, the same token with the other
// certificate, a workflow start, its resume and a read of its effect.
func (w Walkthrough) steps() []step {
	return []step{
		{"Health: an open route, no certificate or token needed. Expect 200.",
			w.curl("", false, "/health", "")},
		{"Ping the demo system with client one and its bound token. Expect 200.",
			w.curl(Client1CertFile, true, "/execute", `{"system":"demo","object_type":"user","action":"ping"}`)},
		{"The same token with client two's certificate. Expect 401 sender_binding_mismatch.",
			w.curl(Client2CertFile, true, "/execute", `{"system":"demo","object_type":"user","action":"ping"}`)},
		{"Start the demo workflow. Expect 202, workflow_status waiting and a resume_request.",
			w.curl(Client1CertFile, true, "/workflow/start", w.startBody())},
		{"Approve it. Replace <task_id> with required_action.task_id and <state_version>\n" +
			"#    with state_version from the answer to step 4. Expect 200, workflow_status completed.",
			w.resume()},
		{"List the demo users: " + w.Username + " is there. Expect 200.",
			w.curl(Client1CertFile, true, "/execute", `{"system":"demo","object_type":"user","action":"list"}`)},
	}
}

// curl builds a command; cert names the client certificate file ("" for
// none) and a non-empty body makes it a JSON POST.
func (w Walkthrough) curl(cert string, token bool, path, body string) []string {
	lines := []string{"curl -sS --cacert " + shellQuote(w.Layout.Path(CACertFile))}
	if cert != "" {
		key := strings.TrimSuffix(cert, ".crt") + ".key"
		lines = append(lines, "--cert "+shellQuote(w.Layout.Path(cert))+" --key "+shellQuote(w.Layout.Path(key)))
	}
	if token {
		lines = append(lines, `-H "Authorization: Bearer $TOKEN"`)
	}
	if body != "" {
		lines = append(lines, "-H 'Content-Type: application/json' -d "+shellQuote(body))
	}
	return append(lines, shellQuote(w.BaseURL+path))
}

func (w Walkthrough) startBody() string {
	return fmt.Sprintf(`{"workflow_name":"demo","data":{"username":%q,"email":"%s@example.com",`+
		`"display_name":"Demo user %s"}}`, w.Username, w.Username, w.Username)
}

func (w Walkthrough) resume() []string {
	lines := w.curl(Client1CertFile, true, "/workflow/resume/<task_id>",
		fmt.Sprintf(`{"decision":"approve","idempotency_key":%q}`, w.IdempotencyKey))
	url := lines[len(lines)-1]
	return append(lines[:len(lines)-1], "-H 'If-Match: <state_version>'", url)
}

// shellQuote quotes s for a POSIX shell: single quotes, with each embedded
// single quote closed, escaped and reopened.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
