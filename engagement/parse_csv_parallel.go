package engagement

import (
	"bufio"
	"bytes"
	"io"
	"sync"
)

// csvBlockBytes is the size of the blocks of input that ReadCSV parses on
// separate goroutines.
const csvBlockBytes = 1 << 20

// csvBlock is a run of whole lines of the input and, once ready is closed,
// what a worker parsed from them.
type csvBlock struct {
	raw      []byte // the lines, as read
	line     int    // the number of the first line in the file
	fallback bool   // the general reader is to read the input from this block on
	chunk    csvChunk
	numbered int // rows of chunk whose customers are numbered
	ready    chan struct{}
}

// csvPipeline reads blocks of lines in order and parses them on workers.
type csvPipeline struct {
	in        io.Reader
	blockSize int
	p         csvFast // the header's columns and the hash seed, which each worker copies
	ordered   chan *csvBlock
	work      chan *csvBlock
	free      chan *csvBlock
	done      chan struct{}
	tail      io.Reader // what the general reader is to read after the last block sent; set before ordered closes
}

// stopAt puts pending, input read but not sent, before the tail, which is
// the rest of the input unless already set.
func (c *csvPipeline) stopAt(pending ...[]byte) {
	if c.tail == nil {
		c.tail = c.in
	}
	rs := make([]io.Reader, 0, len(pending)+1)
	for _, p := range pending {
		rs = append(rs, bytes.NewReader(p))
	}
	c.tail = io.MultiReader(append(rs, c.tail)...)
}

// readBlocks reads the input into blocks ending at a line end, sending
// each on ordered and, unless it is to go to the general reader, on work,
// until the input ends, fails, holds a line longer than a block or done
// is closed. It closes ordered and work.
func (c *csvPipeline) readBlocks(line int) {
	defer close(c.work)
	defer close(c.ordered)
	var carry []byte
	for {
		select {
		case <-c.done:
			c.stopAt(carry)
			return
		default:
		}
		blk := c.block()
		buf := append(blk.raw[:0], carry...)
		n, err := io.ReadFull(c.in, buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		eof := err == io.EOF || err == io.ErrUnexpectedEOF
		if err != nil && !eof {
			c.tail = errReader{err}
			blk.fallback = true // the general reader sees the error where it happened
		}
		carry = nil
		if i := bytes.LastIndexByte(buf, '\n'); !eof && !blk.fallback {
			if i < 0 {
				// A line longer than a block: the general reader reads it.
				c.tail, blk.fallback = c.in, true
			} else {
				carry = bytes.Clone(buf[i+1:])
				buf = buf[:i+1]
			}
		}
		blk.raw, blk.line = buf, line
		line += bytes.Count(buf, []byte("\n"))
		if len(buf) == 0 && !blk.fallback {
			return
		}
		select {
		case c.ordered <- blk:
		case <-c.done:
			c.stopAt(buf, carry)
			return
		}
		if blk.fallback {
			close(blk.ready)
			return
		}
		select {
		case c.work <- blk:
		case <-c.done:
			c.stopAt(carry)
			close(blk.ready)
			return
		}
		if eof {
			return
		}
	}
}

// block returns a free block, or a new one.
func (c *csvPipeline) block() *csvBlock {
	var blk *csvBlock
	select {
	case blk = <-c.free:
		blk.chunk.reset()
		blk.fallback = false
	default:
		blk = &csvBlock{raw: make([]byte, 0, c.blockSize)}
	}
	blk.ready = make(chan struct{})
	return blk
}

// parse parses the blocks sent on work, marking for the general reader
// any block with a line neither of the fast paths can read.
func (c *csvPipeline) parse() {
	p := csvFast{pos: c.p.pos, names: c.p.names, fields: make([][]byte, len(c.p.names)), seed: c.p.seed}
	for blk := range c.work {
		text := blk.raw
		for len(text) > 0 {
			end := bytes.IndexByte(text, '\n') + 1
			if end == 0 {
				end = len(text)
			}
			if !p.row(&blk.chunk, text[:end]) && !p.rowGeneral(&blk.chunk, text[:end]) {
				blk.fallback = true
				break
			}
			text = text[end:]
		}
		close(blk.ready)
	}
}

// readCSV is ReadCSV with blocks of the given size parsed on the given
// number of workers.
func (b *Batch) readCSV(r io.Reader, blockSize, workers int) error {
	if b.slots == nil {
		b.initCustomers()
	}
	if b.kinds == nil {
		b.kinds = BuiltinKinds()
	}
	br, header, fast, err := b.readHeader(r)
	if fast == nil {
		return err
	}
	fast.seed = b.seed
	c := &csvPipeline{in: br, blockSize: blockSize, p: *fast,
		ordered: make(chan *csvBlock, 2*workers+2), work: make(chan *csvBlock, 2*workers+2),
		free: make(chan *csvBlock, 2*workers+4), done: make(chan struct{})}
	go c.readBlocks(2)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.parse()
		}()
	}
	defer wg.Wait()
	// This goroutine numbers the customers of each block in order while
	// another appends the numbered events to their groups.
	placing := make(chan *csvBlock, 2)
	var pw sync.WaitGroup
	pw.Add(1)
	go func() {
		defer pw.Done()
		for blk := range placing {
			b.placeChunk(&blk.chunk, blk.numbered)
			select {
			case c.free <- blk:
			default:
			}
		}
	}()
	placed := func() {
		close(placing)
		pw.Wait()
	}
	for blk := range c.ordered {
		<-blk.ready
		if blk.fallback {
			placed()
			close(c.done)
			rest := []io.Reader{bytes.NewReader(header), bytes.NewReader(blk.raw)}
			for blk := range c.ordered { // read ahead; readBlocks stops
				rest = append(rest, bytes.NewReader(blk.raw))
			}
			if c.tail != nil {
				rest = append(rest, c.tail)
			}
			return b.readCSVSlow(io.MultiReader(rest...), blk.line-2)
		}
		n, err := b.intern(&blk.chunk)
		blk.numbered = n
		placing <- blk
		if err != nil {
			placed()
			close(c.done)
			for range c.ordered {
			}
			return err
		}
	}
	placed()
	return nil
}

// readHeader reads the header line of r and returns the rest of r, the
// header and its columns for the fast path. When the fast path cannot
// start after the header, it reads the whole input through the general
// reader and returns nil columns with that reader's error; it returns nil
// columns too for a bad header, with its error.
func (b *Batch) readHeader(r io.Reader) (io.Reader, []byte, *csvFast, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	header, err := br.ReadSlice('\n')
	if err != nil || !plainHeader(header) {
		return nil, nil, nil, b.readCSVSlow(io.MultiReader(bytes.NewReader(header), br), 0)
	}
	header = bytes.Clone(header)
	in := newCSVInput(bytes.NewReader(header))
	h := &csvFast{}
	if err := in.readHeader(interactionColumns[:], requiredInteractionColumns, h.pos[:], nil); err != nil {
		return nil, nil, nil, err
	}
	h.names = in.names
	return br, header, h, nil
}
