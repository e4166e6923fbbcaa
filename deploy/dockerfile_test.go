package deploy

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestDockerfile pins what the image promises: the build runs the same
// script as TestStaticBuild, the final stage has no libc and runs as a
// numeric non-root user, and the configuration is in the image.
func TestDockerfile(t *testing.T) {
	data, err := os.ReadFile("../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	var stages [][]string
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "FROM ") {
			stages = append(stages, nil)
		}
		if len(stages) > 0 {
			stages[len(stages)-1] = append(stages[len(stages)-1], line)
		}
	}
	if len(stages) < 2 {
		t.Fatalf("want a multi-stage build, got %d stages", len(stages))
	}
	build, final := stages[0], stages[len(stages)-1]
	if !strings.HasPrefix(build[0], "FROM golang:1.26") {
		t.Errorf("build stage: %s", build[0])
	}
	if !contains(build, regexp.MustCompile(`^RUN scripts/build-static\.sh /out/crudsvc\b`)) {
		t.Error("build stage must RUN scripts/build-static.sh /out/crudsvc")
	}
	if !regexp.MustCompile(`^FROM (gcr\.io/distroless/static-debian\d+:nonroot|scratch)$`).MatchString(final[0]) {
		t.Errorf("final stage must be distroless static nonroot or scratch: %s", final[0])
	}
	if !contains(final, regexp.MustCompile(`^COPY config/ /app/config/$`)) {
		t.Error("final stage must copy config/")
	}
	user := ""
	for _, l := range final {
		if u, ok := strings.CutPrefix(l, "USER "); ok {
			user = u
		}
	}
	uid, err := strconv.Atoi(strings.Split(user, ":")[0])
	if err != nil || uid == 0 {
		t.Errorf("final stage USER %q must be a numeric non-root uid", user)
	}
}

func contains(lines []string, re *regexp.Regexp) bool {
	for _, l := range lines {
		if re.MatchString(l) {
			return true
		}
	}
	return false
}
