//! Reading QR codes from a camera frame, for the facilitator's board: the frame's luminance and
//! the texts of the codes `quircs` finds in it. Pure, so it is tested natively against codes the
//! page itself draws.

/// Luminance (ITU-R BT.601 weights, in integers) of an RGBA frame, one byte per pixel.
pub fn luma_from_rgba(rgba: &[u8]) -> Vec<u8> {
    rgba.chunks_exact(4)
        .map(|p| {
            ((299 * u32::from(p[0]) + 587 * u32::from(p[1]) + 114 * u32::from(p[2])) / 1000) as u8
        })
        .collect()
}

/// The texts of the QR codes in a `width` × `height` luminance frame (none when it holds no
/// readable code, or the frame's size does not match).
pub fn read_codes(luma: &[u8], width: usize, height: usize) -> Vec<String> {
    if width == 0 || height == 0 || luma.len() != width * height {
        return Vec::new();
    }
    let mut reader = quircs::Quirc::default();
    reader
        .identify(width, height, luma)
        .filter_map(|code| code.ok()?.decode().ok())
        .filter_map(|data| String::from_utf8(data.payload).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use qrcode::{Color, EcLevel, QrCode};

    /// A frame as a camera might see a phone's screen: the code drawn `scale` pixels a module,
    /// at an offset on a grey background, lightly noisy.
    fn frame(text: &str, scale: usize, width: usize, height: usize) -> Vec<u8> {
        let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).unwrap();
        let n = code.width();
        let colours = code.to_colors();
        let (x0, y0) = (37, 23);
        let quiet = 4 * scale;
        (0..height)
            .flat_map(|y| (0..width).map(move |x| (x, y)))
            .map(|(x, y)| {
                let noise = ((x * 7 + y * 13) % 9) as u8;
                let (cx, cy) = (
                    x as isize - x0 - quiet as isize,
                    y as isize - y0 - quiet as isize,
                );
                let inside_quiet = (x as isize) >= x0
                    && (y as isize) >= y0
                    && (x as isize) < x0 + (n * scale + 2 * quiet) as isize
                    && (y as isize) < y0 + (n * scale + 2 * quiet) as isize;
                if cx >= 0 && cy >= 0 && (cx as usize) < n * scale && (cy as usize) < n * scale {
                    let k = (cy as usize / scale) * n + cx as usize / scale;
                    if colours[k] == Color::Dark {
                        20 + noise
                    } else {
                        230 - noise
                    }
                } else if inside_quiet {
                    230 - noise
                } else {
                    120 + noise
                }
            })
            .collect()
    }

    /// A participant's link, as the share panel's code holds it, reads back whole.
    #[test]
    fn a_shared_link_reads_back_from_a_frame() {
        let link = "https://example.org/cuenca/?v=1&m=0.3.4&prod=24000&start=2027&ramp=2&life=40&fw_src=este&title=Grupo+3";
        let (w, h) = (480, 360);
        let luma = frame(link, 3, w, h);
        assert_eq!(read_codes(&luma, w, h), vec![link.to_string()]);
    }

    /// A frame with no code, or of the wrong size, reads nothing.
    #[test]
    fn an_empty_or_misshapen_frame_reads_nothing() {
        assert!(read_codes(&vec![128; 320 * 240], 320, 240).is_empty());
        assert!(read_codes(&[0; 10], 320, 240).is_empty());
        assert!(read_codes(&[], 0, 0).is_empty());
    }

    #[test]
    fn luminance_weighs_green_most() {
        assert_eq!(
            luma_from_rgba(&[255, 255, 255, 255, 0, 0, 0, 255]),
            vec![255, 0]
        );
        assert_eq!(luma_from_rgba(&[0, 255, 0, 255]), vec![149]);
        assert_eq!(luma_from_rgba(&[255, 0, 0, 255]), vec![76]);
    }
}
