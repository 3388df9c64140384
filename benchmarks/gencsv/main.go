// Command gencsv writes an interactions CSV file for the fold benchmarks:
// n interactions over one year, customers drawn uniformly at random, half
// purchases and the rest visits, survey answers, service requests,
// complaints, resolutions, returns, referrals, reviews and posts (the mix
// of the engagement package's BenchmarkFold). The same flags give the
// same file.
//
//	go run ./benchmarks/gencsv -n 10000000 -customers 1000000 > /tmp/interactions.csv
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"time"
)

func main() {
	n := flag.Int("n", 1_000_000, "number of interactions")
	customers := flag.Int("customers", 100_000, "number of customers")
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Parse()
	if *n < 0 || *customers < 1 {
		fmt.Fprintln(os.Stderr, "gencsv: want -n >= 0 and -customers >= 1")
		os.Exit(2)
	}
	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	if err := write(w, *n, *customers, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "gencsv:", err)
		os.Exit(1)
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "gencsv:", err)
		os.Exit(1)
	}
}

// write writes the header and n rows to w.
func write(w *bufio.Writer, n, customers int, seed uint64) error {
	r := rand.New(rand.NewPCG(seed, 2))
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	step := float64(365*24*3600) / float64(max(n, 1))
	if _, err := w.WriteString("id,customer,time,kind,amount,rating,scale\n"); err != nil {
		return err
	}
	var buf []byte
	for i := range n {
		buf = buf[:0]
		buf = append(buf, "ev-"...)
		buf = strconv.AppendInt(buf, int64(i), 10)
		buf = append(buf, ",cust-"...)
		buf = strconv.AppendInt(buf, int64(r.IntN(customers)), 10)
		buf = append(buf, ',')
		buf = time.Unix(start+int64(float64(i)*step), 0).UTC().AppendFormat(buf, time.RFC3339)
		buf = append(buf, ',')
		switch k := r.IntN(100); {
		case k < 50:
			buf = append(buf, "purchase,"...)
			buf = appendCents(buf, 500+r.IntN(20000))
			buf = append(buf, ",,"...)
		case k < 70:
			buf = append(buf, "visit,,,"...)
		case k < 75:
			buf = append(buf, "rating,,"...)
			buf = strconv.AppendInt(buf, int64(1+r.IntN(5)), 10)
			buf = append(buf, ",satisfaction"...)
		case k < 80:
			buf = append(buf, "rating,,"...)
			buf = strconv.AppendInt(buf, int64(r.IntN(11)), 10)
			buf = append(buf, ",recommend"...)
		case k < 87:
			buf = append(buf, "service_request,,,"...)
		case k < 90:
			buf = append(buf, "complaint,,,"...)
		case k < 92:
			buf = append(buf, "complaint_resolved,,,"...)
		case k < 95:
			buf = append(buf, "return,"...)
			buf = appendCents(buf, 500+r.IntN(5000))
			buf = append(buf, ",,"...)
		case k < 97:
			buf = append(buf, "referral,,,"...)
		case k < 99:
			buf = append(buf, "review,,"...)
			buf = strconv.AppendInt(buf, int64(1+r.IntN(5)), 10)
			buf = append(buf, ",satisfaction"...)
		default:
			buf = append(buf, "community_post,,,"...)
		}
		buf = append(buf, '\n')
		if _, err := w.Write(buf); err != nil {
			return err
		}
	}
	return nil
}

// appendCents appends c hundredths as a decimal with two places.
func appendCents(buf []byte, c int) []byte {
	buf = strconv.AppendInt(buf, int64(c/100), 10)
	buf = append(buf, '.', byte('0'+c/10%10), byte('0'+c%10))
	return buf
}
