package simulate

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"io"
	"iter"
	"strconv"

	"github.com/engagekit/engage/listening"
)

// WriteMentionsJSONL writes the mentions of seq to w as JSON Lines, one
// object per line with the fields of [listening.Mention] under their JSON
// names, which [listening.ReadJSONL] reads back to equal mentions. (Write
// a Base's customers and interactions with [engagement.WriteCustomersCSV],
// [engagement.WriteInteractionsCSV] and their JSON Lines siblings.)
//
// It stops at the first mention that fails [listening.Mention.Validate]
// and returns that error, having written those before it; it also returns
// the first error writing to w.
func WriteMentionsJSONL(w io.Writer, seq iter.Seq[listening.Mention]) error {
	bw := bufio.NewWriter(w)
	for m := range seq {
		if err := m.Validate(); err != nil {
			bw.Flush()
			return err
		}
		b, err := json.Marshal(m)
		if err != nil {
			bw.Flush()
			return err
		}
		bw.Write(b)
		if err := bw.WriteByte('\n'); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// WriteTruthCSV writes the ground truth to w as CSV, one row a customer in
// the order of b.Customers, under the header
// customer,stage,level,multiplier,basket. Prospects have an empty level and
// a multiplier and basket of 0.
func (b *Base) WriteTruthCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"customer", "stage", "level", "multiplier", "basket"})
	for _, c := range b.Customers {
		t := b.Truth[c.ID]
		cw.Write([]string{string(c.ID), t.Stage.String(), t.Level.String(),
			strconv.FormatFloat(t.Multiplier, 'g', -1, 64), strconv.FormatFloat(t.Basket, 'g', -1, 64)})
	}
	cw.Flush()
	return cw.Error()
}
