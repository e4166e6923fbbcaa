package clientcert

import (
	"runtime"
	"strings"
	"testing"
)

// TestDecodeAllocationBound feeds hostile values of the maximum size to
// every decoder and checks that none allocates more than a small multiple
// of the input: the size check before decoding is then a memory bound.
func TestDecodeAllocationBound(t *testing.T) {
	const size = DefaultMaxSize
	inputs := map[string]string{
		"commas":          strings.Repeat(",", size),
		"escapes":         strings.Repeat("%41", size/3),
		"escaped_commas":  strings.Repeat("%2C", size/3),
		"base64":          strings.Repeat("A", size),
		"pem_blocks":      strings.Repeat(pemBegin+"MAA="+pemEnd, size/56),
		"xfcc_elements":   "By=a" + strings.Repeat(",By=a", size/5),
		"xfcc_pairs":      "By=a" + strings.Repeat(";By=a", size/5),
		"xfcc_escapes":    `Subject="` + strings.Repeat(`\"`, size/2-8) + `"`,
		"rfc9440":         ":" + strings.Repeat("AAAA", size/4-1) + ":",
		"der_lengths":     strings.Repeat("MIQAAAAA", size/8),
		"short_sequences": strings.Repeat("MAA=", size/4),
	}
	for name, in := range inputs {
		for _, format := range allFormats {
			t.Run(name+"/"+string(format), func(t *testing.T) {
				d := decoder{format: format, xfccFromRight: 1}
				var before, after runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&before)
				_, _ = d.decode(in)
				runtime.ReadMemStats(&after)
				if got := after.TotalAlloc - before.TotalAlloc; got > 4*size {
					t.Errorf("decoding %d bytes allocated %d", len(in), got)
				}
			})
		}
	}
}
