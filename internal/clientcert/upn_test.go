package clientcert

import (
	"encoding/asn1"
	"slices"
	"testing"
)

// otherNameDER encodes an RFC 5280 otherName GeneralName by hand.
func otherNameDER(t *testing.T, oid asn1.ObjectIdentifier, value asn1.RawValue) asn1.RawValue {
	t.Helper()
	inner, err := asn1.Marshal(struct {
		TypeID asn1.ObjectIdentifier
		Value  asn1.RawValue
	}{oid, asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true,
		Bytes: mustMarshal(t, value)}})
	if err != nil {
		t.Fatal(err)
	}
	var seq asn1.RawValue
	if _, err := asn1.Unmarshal(inner, &seq); err != nil {
		t.Fatal(err)
	}
	return asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: seq.Bytes}
}

func mustMarshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := asn1.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseUPNs(t *testing.T) {
	utf8 := func(s string) asn1.RawValue {
		return asn1.RawValue{Tag: asn1.TagUTF8String, Bytes: []byte(s)}
	}
	dns := asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 2, Bytes: []byte("a.example")}
	otherOID := asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 8, 9}
	tests := []struct {
		name  string
		names []asn1.RawValue
		want  []string
	}{
		{"ok/upn_among_others", []asn1.RawValue{dns, otherNameDER(t, oidUPN, utf8("u@corp"))},
			[]string{"u@corp"}},
		{"ok/other_othername_skipped", []asn1.RawValue{otherNameDER(t, otherOID, utf8("x"))}, nil},
		{"ok/ia5_value_skipped", []asn1.RawValue{otherNameDER(t, oidUPN,
			asn1.RawValue{Tag: asn1.TagIA5String, Bytes: []byte("u@corp")})}, nil},
		{"ok/invalid_utf8_skipped", []asn1.RawValue{otherNameDER(t, oidUPN, utf8("\xff"))}, nil},
		{"ok/none", []asn1.RawValue{dns}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := parseUPNs(mustMarshal(t, tt.names)); !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	if got := parseUPNs([]byte{0x30, 0x05, 0xa0}); got != nil {
		t.Errorf("truncated extension gave %q", got)
	}
}
