// Package devenv holds what `crudsvc dev` needs to run the whole product on
// a laptop: a throwaway certificate authority, a localhost server
// certificate, two client certificates, an ES256 token-signing key with its
// public key set, the settings that tie them together, and the walkthrough
// of curl commands printed once the server listens.
//
// Everything here is for development only. The keys are written to disk
// unencrypted, the issuer is a name that no one else trusts, and tokens are
// minted without any authentication. Never point a production service at
// these files.
package devenv
