package attribution

import (
	"time"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// The generators below serve the white-box tests, and the black-box tests
// under the exported names at the end of this file.

// channelNames are the channels the generators draw from.
var channelNames = []string{"a", "b", "c", "d", "e", "paid search"}

// genPath draws a path over the first n channel names, with touch times
// an hour, a day or a week apart when timed.
func genPath(n int, timed bool) *rapid.Generator[Path] {
	return rapid.Custom(func(t *rapid.T) Path {
		length := rapid.IntRange(1, 6).Draw(t, "length")
		p := Path{Touches: make([]Touch, length)}
		at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		for j := range p.Touches {
			p.Touches[j].Channel = channelNames[rapid.IntRange(0, n-1).Draw(t, "channel")]
			if timed {
				at = at.Add(rapid.SampledFrom([]time.Duration{0, time.Hour, 24 * time.Hour, 7 * 24 * time.Hour}).Draw(t, "gap"))
				p.Touches[j].Time = at
			}
		}
		p.Conversions = rapid.Int64Range(0, 5).Draw(t, "conversions")
		p.Nulls = rapid.Int64Range(0, 5).Draw(t, "nulls")
		if p.Conversions > 0 {
			p.Value = decimal.New(rapid.Int64Range(0, 100_000).Draw(t, "value coefficient"), -rapid.Int32Range(0, 3).Draw(t, "value places"))
		}
		return p
	})
}

// genPaths draws up to 12 paths over up to six channels.
func genPaths(t *rapid.T, timed bool) []Path {
	n := rapid.IntRange(1, len(channelNames)).Draw(t, "channels")
	return rapid.SliceOfN(genPath(n, timed), 1, 12).Draw(t, "paths")
}

// The generators under exported names, for the black-box tests of package
// attribution_test, which compile with this file.
var (
	ChannelNames = channelNames
	GenPath      = genPath
	GenPaths     = genPaths
)
