//! Times the annotation stages on a folder of .txt files (for profiling).
fn main() {
    let dir = std::env::args().nth(1).expect("folder");
    let mut texts = Vec::new();
    for e in std::fs::read_dir(&dir).expect("folder").flatten() {
        if let Ok(t) = std::fs::read_to_string(e.path()) {
            texts.push(t);
        }
    }
    let kb = demarche_kb::Kb::builtin();
    let m = kb.matcher();
    let t = std::time::Instant::now();
    let mut n = 0;
    for x in &texts {
        n += demarche_annotate::sentences::split(x).len();
    }
    eprintln!("sentences {:?} {n}", t.elapsed());
    let t = std::time::Instant::now();
    let mut n = 0;
    for x in &texts {
        n += m.find(x).len();
    }
    eprintln!("matcher {:?} {n}", t.elapsed());
    let p = demarche_annotate::pipeline::Pipeline::new(kb);
    let t = std::time::Instant::now();
    for _ in 0..10 {
        for x in &texts {
            n += p.run(x, &Default::default()).entities.len();
        }
    }
    eprintln!("pipeline x10 {:?} {n}", t.elapsed());
}
