package listening

import (
	"time"

	"github.com/engagekit/engage/engagement"
)

// Mention is one thing said in public about the business: a post, a
// review, a comment, a news item.
type Mention struct {
	ID       string                `json:"id"`                 // unique within its source; used to drop repeats
	Source   string                `json:"source"`             // where it was found, such as "twitter" or a feed URL
	Author   string                `json:"author,omitempty"`   // who said it, as the source names them
	Time     time.Time             `json:"time"`               // when it was said
	Text     string                `json:"text"`               // what was said
	URL      string                `json:"url,omitempty"`      // where to read it
	Customer engagement.CustomerID `json:"customer,omitempty"` // the author, when known to be a customer
	Topics   []string              `json:"topics,omitempty"`   // topics assigned by rules or by the source
}
