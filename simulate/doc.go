// Package simulate generates a customer base whose ground truth is known:
// customers in the four relationship groups, a record of their
// interactions (purchases, returns, service requests, complaints and
// their resolution, survey answers, referrals, reviews, community posts,
// visits) at a set of touch points, and what the public says about the
// business, with one crisis in it. Tests use it to show that a model
// recovers what the simulation was built with; examples use it for their
// data.
//
//	base, err := simulate.Generate(simulate.Config{Seed: 1})
//
// A zero [Config] is complete: 3,000 customers, the year to
// [DefaultEnd], and the defaults documented on each field.
//
// # Ground truth
//
// Every customer is first given an intended stage and level, the
// [Truth]: the stage mix ([Mix]) is split into exact counts by largest
// remainders, and so are the levels within stages:
//
//   - prospects have no level;
//   - transactional customers are NotEngaged, or ActivelyDisengaged for a
//     share TransactionalDisengaged of them;
//   - returning customers are Engaged;
//   - advocates are FullyEngaged;
//   - former customers are ActivelyDisengaged (they left after a
//     complaint), or NotEngaged for the rest (they drifted away).
//
// Then each customer's behaviour is drawn to show that stage to the rules
// package stages applies by default, and that level to [stages.LevelOf],
// with a clear margin (all ages are counted back from End, the as-of
// time; the day counts are derived from [stages.DefaultRules]). Purchases,
// and the answers, referrals and other signals that follow them, come as
// steady (Poisson) processes over the record, at rates that differ by
// stage; where a stage needs its latest event of a kind within a window
// and the customer's own process left the window empty, one of those
// events, chosen at random, moves into it. Nothing is added at the end, so
// the base's monthly purchases and answers stay level to End instead of
// bunching before it.
//
//   - A prospect only visits (and one in ten asks a question).
//   - A transactional customer buys once (OneOffShare of them) or now and
//     then, the latest purchase within 300 days; a repeat buyer answers a
//     survey after two purchases in five, at least one, so that mean
//     satisfaction keeps them from being returning customers. A not
//     engaged one is neutral: answers of 3 of 5, passives' ratings (7 or
//     8), service requests and now and then a complaint, nine times in ten
//     put right. An actively disengaged one is hostile: answers of 1 or 2
//     of 5, detractors' ratings (0 to 6), more returns and service
//     requests, and at least one complaint, mostly left open: the signs of
//     hostility [stages.LevelRules] reads.
//   - A returning customer buys on at least three days, the latest within
//     120 days (the rule allows 180), answers 4 or 5 of 5 after 70% of
//     purchases, gives passives' answers, and makes the odd complaint,
//     mostly resolved: the goodwill that absorbs an honest mistake.
//     Referrals and promoters' answers, when any, are older than 120 days,
//     so they do not make the customer an advocate.
//   - An advocate buys on at least three days, the latest within 90 days,
//     answers 4 or 5 of 5 after 60% of purchases, gives promoters' answers
//     (9 or 10; at least one, 2.5 a year) and referrals (1.2 a year), and
//     reviews and posts, the latest of these signs of advocacy within 75
//     days (the rule allows 90): goodwill well above 5.
//   - A former customer bought between 775 days (or Start, if earlier)
//     and 424 days before End, and has been silent for at least 410 days
//     (the rule asks for 365): before Start when the record is shorter
//     than 775 days. The actively disengaged complained and rated low
//     before leaving.
//
// Behaviour is random within those shapes, and goodwill (see
// [engagement.GoodwillRules]) is the sum of many decayed effects, so a
// classifier agrees with the intended stage for most customers, not all:
// with the defaults about 97% of returning customers and of advocates land
// where intended, and all prospects, transactional and former customers;
// about 98% of transactional customers of each level get it from
// [stages.LevelOf] (former customers have no level once classified). A
// classifier is judged against Truth, not the other way round.
//
// Customer.Group is the group the business would have on record for the
// intended stage, and Consent is given for ConsentShare of the customers
// (of the rest, half refused and half were never asked).
//
// # Spending
//
// A customer's expected spend over the record is
//
//	BaselineSpend × years × Multipliers[level]
//
// where years is (End − Start) in years of 365 days. Each purchase's value
// is drawn independently from a gamma distribution (shape BasketShape)
// around the customer's mean basket, [Truth].Basket, in whole cents and at
// least one. The mean basket is drawn around
//
//	BaselineSpend × years × Multipliers[level] / E[purchases of the stage]
//
// with a log-normal factor of mean 1 (SpendSpread), where E[purchases of
// the stage] is the expected number of purchases the stage's rate, minimum
// and one-off buyers give over the record; so expected spend follows the
// multipliers whatever the stage's purchase rate, and stages that buy more
// often buy smaller baskets. A partial return raises its purchase by what
// came back, so that net spend, [engagement.Profile.Monetary], is the sum of
// the values drawn. The ratio of mean spend between levels is the ratio of
// their multipliers in expectation; [Base.ExpectedRatio] gives the ratio
// an estimate of the engaged customers' premium should recover, given the
// levels realised. With SpendSpread and BasketShape both negative,
// spending is deterministic: every purchase, net, is the stage's and
// level's mean basket to the cent.
//
// This spending is not what the Gamma-Gamma model of package
// engagement/clv assumes, in three ways: within a customer baskets are
// gamma, as the model has them, but across the base a customer's mean
// basket falls as their stage's purchase rate rises (spend and frequency
// are negatively correlated), mean baskets spread log-normally rather than
// as the model's inverse gamma, and returns raise the purchases the model
// reads. A Gamma-Gamma fit to a default base therefore does not recover
// BasketShape. Set Config.GammaGamma to draw spend from the model itself,
// independent of frequency, and Config.BGNBD to draw purchases from the
// BG/NBD model: the levels then no longer set spend.
//
// The default multipliers are Gallup's figures for the ends (a fully
// engaged customer spends 23% more than the average, an actively
// disengaged one 13% less) and this library's choice for the middle; see
// [DefaultFullyEngagedMultiplier].
//
// # Touch points
//
// Each interaction happens at a touch point ([TouchpointSpec]) chosen by
// the weights the touch points give its kind; a return goes back where the
// goods were bought when that touch point takes returns.
//
// # Mentions
//
// Ordinary mentions arrive uniformly over the record, 07:00 to 23:00 UTC,
// on the topics of [Topics]; a share are negative and a share neutral
// questions, the rest positive. Texts are built from phrases the default
// [github.com/engagekit/engage/listening/sentiment.RuleAnalyzer] scores with the intended sign, each naming its
// topic by a keyword of [TopicRules]; [Base.MentionTruth] records the
// intended topic and sign. A few are written by known customers:
// advocates say the positive things, actively disengaged customers the
// negative ones. One [Crisis] adds a burst of negative mentions about one
// topic, densest when it breaks, for a listening centre's alerts to find.
//
// # Determinism
//
// Every random choice comes from PCG generators (math/rand/v2) seeded from
// Config.Seed, one stream for the plan, one for each customer and one for
// the mentions; nothing reads the clock or iterates a map into the
// output. The same Config gives the same Base, byte for byte when written
// out, on the same Go release; different seeds give different bases.
// Because each customer has its own stream, changing the mentions leaves
// the interactions as they were.
package simulate
