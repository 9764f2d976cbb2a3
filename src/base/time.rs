//! Wall-clock time as the formats write it (TMX `20240619T104500Z`, ISO 8601), without a
//! calendar crate: the civil date from days since 1970 (Howard Hinnant's algorithm).

use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds since 1970-01-01 UTC, now.
pub fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// `secs` as `YYYY-MM-DDThh:mm:ssZ` (`iso`) or the compact `YYYYMMDDThhmmssZ` of TMX.
pub fn utc(secs: u64, iso: bool) -> String {
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let (h, m, s) = (rem / 3600, rem % 3600 / 60, rem % 60);
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let mo = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(mo <= 2);
    if iso {
        format!("{y:04}-{mo:02}-{d:02}T{h:02}:{m:02}:{s:02}Z")
    } else {
        format!("{y:04}{mo:02}{d:02}T{h:02}{m:02}{s:02}Z")
    }
}

/// The current time as [`utc`] writes it.
pub fn utc_now(iso: bool) -> String {
    utc(now_secs(), iso)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(utc(0, true), "1970-01-01T00:00:00Z");
        assert_eq!(utc(1_718_793_900, false), "20240619T104500Z");
        assert_eq!(utc(951_782_400, true), "2000-02-29T00:00:00Z");
    }
}
