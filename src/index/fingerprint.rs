//! Near-duplicate passages: what a passage's words look like from far off, and whether two
//! passages are near-identical.
//!
//! In: a passage's text. Out: its [`Print`]: a 64-bit SimHash over its word 3-shingles, stored
//! with the passage in a fast column, and [`BANDS`] band keys of a MinHash signature over the
//! same shingles, under which [`super::near`] finds the passages of the archive that may be
//! near-identical without comparing every pair. Two texts are near-identical ([`near`]) when
//! their shingle sets have a Jaccard similarity of at least [`NEAR_JACCARD`], or one holds at
//! least [`NEAR_CONTAINED`] of the other's shingles when neither is much longer
//! ([`NEAR_LENGTH_RATIO`]: a motion printed again with "moved by ... and carried").
//!
//! Councils republish: the minutes of one meeting come back in the next meeting's agenda pack,
//! a motion is printed when moved and again when carried. The words survive, but the lines are
//! re-flowed, page furniture comes and goes, a word or a figure is corrected, the motion gains
//! "moved by ... seconded by". Shingles are taken over words alone (lowercased letters and
//! digits), so line breaks, punctuation and spacing do not count.
//!
//! Measured over the seeds, `../shared/realworld/` and the republishing fixtures (3,693
//! passages, every pair): near pairs had SimHashes at most 26 bits apart, so
//! [`PREFILTER_BITS`] (28) skips none of them; unrelated pairs lie mostly 18 bits apart or
//! more, and the exact comparison decides. Pairs with a Jaccard similarity between 0.6 and 0.7
//! there are mostly different clauses of one legal form ("any Bond" / "any Note"), which stay
//! apart.
//!
//! The band keys: the signature is [`BANDS`] × 2 minima of one-permutation hashing (each
//! shingle's hash falls in one of 40 bins, and a bin keeps its least; an empty bin borrows from
//! the next full one). Two texts share a band with probability about 1 − (1 − J²)^20 for a
//! Jaccard similarity J: 0.994 at 0.47 (the least a containment pair can have), 0.99999 at 0.7,
//! 0.18 at 0.1. Sharing a band only makes two passages candidates; the exact comparison decides.
//!
//! A passage of fewer than [`MIN_WORDS`] words gets no print (SimHash 0, no bands) and is never
//! grouped: "Resolved – That the report be noted" recurs at every meeting, and each is its own
//! decision.

use rustc_hash::FxHashSet;

/// Words a passage needs to be fingerprinted.
pub const MIN_WORDS: usize = 12;

/// Passages whose shingle sets have at least this Jaccard similarity are near-duplicates.
pub const NEAR_JACCARD: f64 = 0.7;

/// Or: the share of the shorter text's shingles the longer one holds...
pub const NEAR_CONTAINED: f64 = 0.85;

/// ...when the shorter has at least this share of the longer's shingles.
pub const NEAR_LENGTH_RATIO: f64 = 0.6;

/// Fingerprints further apart than this are not compared word by word.
pub const PREFILTER_BITS: u32 = 28;

/// Band keys per passage.
pub const BANDS: usize = 20;

/// Minima per band.
const ROWS: usize = 2;

/// Bits of a band key's hash; the band's number is above them, so a key is below 2^32 and
/// stored in 32 bits.
pub const BAND_BITS: u32 = 27;

/// Words per shingle.
const SHINGLE: usize = 3;

/// What a passage's words look like from far off.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Print {
    /// The SimHash of its shingles, or 0 when it has fewer than [`MIN_WORDS`] words.
    pub simhash: u64,
    /// Its [`BANDS`] band keys (band `b`'s key is `b << BAND_BITS` plus a hash), or none when
    /// it has fewer than [`MIN_WORDS`] words.
    pub bands: Vec<u64>,
}

/// The passage's [`Print`], its words read once for both parts.
pub fn print(text: &str) -> Print {
    match shingle_hashes(text) {
        Some(shingles) => Print {
            simhash: simhash(&shingles),
            bands: bands(&shingles),
        },
        None => Print::default(),
    }
}

/// The band keys of a shingle list (see the module's doc).
fn bands(shingles: &[u64]) -> Vec<u64> {
    const BINS: usize = BANDS * ROWS;
    let mut least: [Option<u32>; BINS] = [None; BINS];
    for &hash in shingles {
        // The high half picks the bin, the low half is the value kept.
        let bin = (((hash >> 32) * BINS as u64) >> 32) as usize;
        let value = hash as u32;
        if let Some(slot) = least.get_mut(bin) {
            *slot = Some(slot.map_or(value, |v| v.min(value)));
        }
    }
    let filled = |j: usize| -> u32 {
        (0..BINS)
            .find_map(|d| {
                least[(j + d) % BINS].map(|v| v.wrapping_add((d as u32).wrapping_mul(0x9e37_79b9)))
            })
            .unwrap_or(0)
    };
    let mask = (1u64 << BAND_BITS) - 1;
    (0..BANDS)
        .map(|band| {
            let rows = (u64::from(filled(band * ROWS)) << 32) | u64::from(filled(band * ROWS + 1));
            ((band as u64) << BAND_BITS) | (mix(rows ^ band as u64) & mask)
        })
        .collect()
}

/// The SimHash of a passage's shingle hashes.
fn simhash(shingles: &[u64]) -> u64 {
    // How many shingles set each bit, counted eight bits at a time: byte `j` of `lanes[k]`
    // counts bit `8j + k`, emptied into `counts` before a byte can overflow.
    let mut counts = [0u32; 64];
    let mut lanes = [0u64; 8];
    for (n, hash) in shingles.iter().enumerate() {
        for (k, lane) in lanes.iter_mut().enumerate() {
            *lane += (hash >> k) & 0x0101_0101_0101_0101;
        }
        if n % 255 == 254 {
            drain(&mut lanes, &mut counts);
        }
    }
    drain(&mut lanes, &mut counts);
    let half = shingles.len() as u32;
    let print = counts
        .iter()
        .enumerate()
        .filter(|(_, c)| 2 * **c > half)
        .fold(0u64, |acc, (bit, _)| acc | 1 << bit);
    // 0 means "none"; a text whose every weight is negative is as rare as any other value.
    print.max(1)
}

/// Add the byte counters of `lanes` into `counts` and empty them.
fn drain(lanes: &mut [u64; 8], counts: &mut [u32; 64]) {
    for (k, lane) in lanes.iter_mut().enumerate() {
        for (j, byte) in lane.to_le_bytes().iter().enumerate() {
            counts[8 * j + k] += u32::from(*byte);
        }
        *lane = 0;
    }
}

/// The hash of each word 3-shingle, or `None` under [`MIN_WORDS`] words. Words are hashed as
/// they are read (lowercased, FNV-1a), and a shingle's hash mixes its three words' hashes:
/// no allocation per word, and the same value on every build and platform, as a stored
/// fingerprint must be.
fn shingle_hashes(text: &str) -> Option<Vec<u64>> {
    let words: Vec<u64> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(word_hash)
        .collect();
    (words.len() >= MIN_WORDS).then(|| {
        words
            .windows(SHINGLE)
            .map(|w| mix(mix(mix(w[0]) ^ w[1]) ^ w[2]))
            .collect()
    })
}

/// FNV-1a over a word's lowercased UTF-8.
fn word_hash(word: &str) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    let mut eat = |byte: u8| {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    };
    if word.is_ascii() {
        word.bytes().for_each(|b| eat(b.to_ascii_lowercase()));
    } else {
        let mut buffer = [0u8; 4];
        for c in word.chars().flat_map(char::to_lowercase) {
            c.encode_utf8(&mut buffer).bytes().for_each(&mut eat);
        }
    }
    hash
}

/// A 64-bit finaliser (SplitMix64's), so that every bit of a shingle's hash depends on every
/// bit of its words'.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A passage's shingles as a set, for the exact comparison; `None` under [`MIN_WORDS`] words.
pub fn shingle_set(text: &str) -> Option<FxHashSet<u64>> {
    shingle_hashes(text).map(|hashes| hashes.into_iter().collect())
}

/// Whether two shingle sets are of near-identical texts.
pub fn sets_near(a: &FxHashSet<u64>, b: &FxHashSet<u64>) -> bool {
    let common = a.intersection(b).count() as f64;
    let (short, long) = (a.len().min(b.len()) as f64, a.len().max(b.len()) as f64);
    if short == 0.0 {
        return false;
    }
    let jaccard = common / (short + long - common);
    jaccard >= NEAR_JACCARD
        || (common / short >= NEAR_CONTAINED && short / long >= NEAR_LENGTH_RATIO)
}

/// Whether two texts are near-duplicates.
pub fn near(a: &str, b: &str) -> bool {
    match (shingle_set(a), shingle_set(b)) {
        (Some(a), Some(b)) => sets_near(&a, &b),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fingerprint(text: &str) -> u64 {
        print(text).simhash
    }

    const MINUTE: &str = "The Committee considered the report of the Strategic Director on the \
        recruitment and retention of foster carers, noting that the number of approved \
        households had fallen by twelve over the year while the number of children in care \
        had risen. Members asked whether the allowance paid to carers compared well with \
        neighbouring authorities and were told that it did.";

    const OTHER: &str = "The Panel received a presentation on the highways maintenance programme \
        for the coming year, including the resurfacing of the ring road, the replacement of \
        street lighting columns and the repair of footways damaged by tree roots.";

    #[test]
    fn reflowed_and_lightly_edited_copies_are_near_and_other_texts_are_not() {
        let reflowed = MINUTE.replace(", ", ",\n").replace("the year", "the\nyear");
        assert_eq!(
            fingerprint(&reflowed),
            fingerprint(MINUTE),
            "line breaks do not count"
        );
        assert!(near(MINUTE, &reflowed));
        assert!(
            near(MINUTE, &MINUTE.replace("twelve", "fourteen")),
            "a figure corrected"
        );
        assert!(near(MINUTE, &format!("{MINUTE} Page 4")), "page furniture");
        let moved = format!("Councillor Ames moved and Councillor Bell seconded: {MINUTE}");
        assert!(near(MINUTE, &moved), "a motion printed again when moved");
        assert!(!near(MINUTE, OTHER));
        let half = &MINUTE[..MINUTE.len() / 2];
        assert!(
            !near(MINUTE, half),
            "a passage is not a copy of its first half"
        );
        let (a, b) = (fingerprint(MINUTE), fingerprint(&moved));
        assert!((a ^ b).count_ones() <= PREFILTER_BITS);
    }

    #[test]
    fn short_passages_have_no_print_and_are_never_near() {
        let short = "Resolved - That the report be noted.";
        assert_eq!(fingerprint(short), 0);
        assert_eq!(print(short), Print::default());
        assert!(!near(short, short));
    }

    #[test]
    fn copies_share_a_band_and_other_texts_do_not() {
        let shared =
            |a: &Print, b: &Print| a.bands.iter().zip(&b.bands).filter(|(x, y)| x == y).count();
        let minute = print(MINUTE);
        assert_eq!(minute.bands.len(), BANDS);
        for (band, key) in minute.bands.iter().enumerate() {
            assert_eq!(key >> BAND_BITS, band as u64, "the band's number is on top");
            assert!(*key < 1 << 32);
        }
        let edited = print(&MINUTE.replace("twelve", "fourteen"));
        let moved = print(&format!(
            "Councillor Ames moved and Councillor Bell seconded: {MINUTE}"
        ));
        assert!(
            shared(&minute, &edited) >= 5,
            "{}",
            shared(&minute, &edited)
        );
        assert!(shared(&minute, &moved) >= 1);
        assert_eq!(shared(&minute, &print(OTHER)), 0);
        assert_eq!(
            print(&MINUTE.replace(", ", ",\n")),
            minute,
            "line breaks do not count"
        );
    }
}
