// Package deploy holds the edge configurations for crudsvc (Traefik
// dynamic configuration, Kubernetes manifests, an nginx server block) and
// the tests that check them against the real API types and schemas. It has
// no code of its own; see docs/edge.md.
package deploy
