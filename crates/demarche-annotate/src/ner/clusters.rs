//! Word clusters: for each frequent word form, its class at a few granularities (coarse to
//! fine), learned without labels from raw text by `demarche eval learn-clusters` (the exchange
//! algorithm, see [`super::cluster`]). A word's classes become features, so that a name the training data
//! never shows still scores like the names it shares contexts with.
//!
//! File format (`data/ner-clusters-en.tsv`, `data/ner-clusters-ru.tsv`): `#` header lines,
//! then `word<TAB>class<TAB>class…`, the same number of classes on every line.

use rustc_hash::FxHashMap;

use super::hash::Fnv;

/// Classes by word.
#[derive(Debug, Default, Clone)]
pub struct Clusters {
    index: FxHashMap<u64, u32>,
    classes: Vec<u32>,
    levels: usize,
    checksum: u64,
}

fn key(folded: &str) -> u64 {
    Fnv::new(0x31).bytes(folded.as_bytes()).finish()
}

impl Clusters {
    /// Reads a cluster file.
    ///
    /// # Errors
    /// A line with a number of classes other than the first line's, or a class that is not
    /// a number.
    pub fn parse(text: &str) -> Result<Clusters, String> {
        let mut c = Clusters::default();
        let mut sum = Fnv::new(0x31);
        for (n, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let mut f = line.split('\t');
            let word = f.next().unwrap_or("");
            let start = c.classes.len();
            for v in f {
                let v: u32 = v
                    .parse()
                    .map_err(|_| format!("ner clusters: line {}: bad class {v:?}", n + 1))?;
                c.classes.push(v);
            }
            let k = c.classes.len() - start;
            if c.levels == 0 {
                c.levels = k;
            }
            if k != c.levels || k == 0 {
                return Err(format!(
                    "ner clusters: line {}: {k} classes, expected {}",
                    n + 1,
                    c.levels
                ));
            }
            sum = sum.bytes(line.as_bytes()).byte(b'\n');
            c.index.insert(key(word), (start / k) as u32);
        }
        c.checksum = sum.finish();
        Ok(c)
    }

    /// Writes `words` (folded forms with their classes, coarse to fine) under `header`.
    pub fn write(header: &str, words: &[(String, Vec<u32>)]) -> String {
        let mut out = String::new();
        for l in header.lines() {
            out.push_str("# ");
            out.push_str(l);
            out.push('\n');
        }
        for (w, cs) in words {
            out.push_str(w);
            for c in cs {
                out.push('\t');
                out.push_str(&c.to_string());
            }
            out.push('\n');
        }
        out
    }

    /// The classes of a folded word form, coarse to fine.
    #[inline]
    pub fn paths(&self, folded: &str) -> Option<&[u32]> {
        let i = *self.index.get(&key(folded))? as usize * self.levels;
        self.classes.get(i..i + self.levels)
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// True when there are no words.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// A checksum of the contents (a model records the one it was trained with).
    pub fn checksum(&self) -> u64 {
        self.checksum
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let words = vec![
            ("lakeport".to_string(), vec![3, 17]),
            ("москва".to_string(), vec![3, 18]),
        ];
        let text = Clusters::write("test", &words);
        let c = Clusters::parse(&text).unwrap();
        assert_eq!(c.paths("москва"), Some(&[3, 18][..]));
        assert_eq!(c.paths("elsewhere"), None);
        assert_eq!(c.len(), 2);
        assert!(Clusters::parse("a\t1\nb\t1\t2\n").is_err());
        assert!(Clusters::parse("a\tx\n").is_err());
    }
}
