// Package attribution divides the conversions and the conversion value of
// customer journeys among the channels the customers met on the way.
//
// A [Path] is one journey (ordered [Touch]es with times, and whether it
// converted and for how much) or the aggregate of many identical journeys,
// as the common path format holds them (see [ReadPaths], [WritePaths] and
// [Aggregate]). Every [Model] takes the same paths and returns [Credits]:
//
//   - [FirstTouch] and [LastTouch]: all to the first or the last touch;
//   - [Linear]: an equal share to every touch;
//   - [TimeDecay]: weights halving every HalfLife (7 days by default)
//     back from the last touch;
//   - [PositionBased]: 40% to the first touch, 40% to the last, 20% spread
//     over the ones between (the fractions are settable);
//   - [Markov]: first-order Markov-chain removal effects, solved
//     analytically: exactly up to [ExactChannels] channels; with
//     ValueRemoval the value follows the value removal effects, as
//     ChannelAttribution defines them;
//   - [MarkovOrder]: Markov chains whose states are the last 1 to 4
//     channels, the order chosen by BIC, with the [TransitionMatrix]
//     (written by [TransitionMatrix.WriteCSV]);
//   - [EqualDistinct] (formerly Shapley): an equal share to every distinct
//     channel of a path, which is the Shapley value of the game whose
//     worth is the conversions of the paths a coalition covers;
//   - [RateShapley]: the exact Shapley value of the game whose worth is
//     the conversion rate, nulls included, of the paths a coalition
//     covers, up to [MaxRateShapleyChannels] channels.
//
// # Exactness and rounding
//
// Every model computes each channel's credit as an exact fraction and
// rounds only at the end, so that the credits add up exactly to the
// conversions and the value of the paths. Credits are rounded to Places
// decimal places (4 by default; values to at least as many places as
// their total has, so that aggregating or splitting paths changes nothing)
// by the largest remainder method: each credit is cut
// down to a multiple of the last place, and the units the cut credits fall
// short of the total go one each to the channels that lost most by the
// cut, the first channel by name among equal losses. So Linear over
// "a > b > c" with one conversion gives a 0.3334, b 0.3333, c 0.3333. The
// credits do not depend on the order of the paths.
//
// Markov attribution in the reference tools is computed by simulating
// walks through the chain, and their results change from run to run. Here
// the absorbing chain's fundamental matrix is found once, in whole
// numbers, by fraction-free Gauss–Jordan elimination (Bareiss), and every
// channel's removal effect follows from it without a second solve; the
// published examples in the data sets beside this module are reproduced
// exactly (see the oracle tests). Exact arithmetic costs about the fourth
// power of the channels, so chains of more than [ExactChannels] channels
// are solved in float64 instead, deterministically, unless Markov.Exact
// is set (see [Markov]).
//
// # Errors
//
// A path no model can take (no touches, an empty channel name, negative
// counts, a value with conversions of zero, a value with more than 30
// digits on either side of the decimal point) and a model setting out of
// range are errors matching [ErrInvalid]; the *[FieldError] names the path
// and field ("paths[3].Value") or, from ReadPaths, the line and column.
package attribution
