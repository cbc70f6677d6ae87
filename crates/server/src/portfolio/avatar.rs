//! Avatar images: checked by decoding (never by name or declared type), cropped to a
//! square, resized to 256 px and re-encoded as PNG, so what we serve is always an
//! image we produced ourselves (no polyglot files, no metadata such as GPS tags).

use std::io::Cursor;

use image::{ImageFormat, ImageReader, imageops::FilterType};

pub const MAX_AVATAR_BYTES: usize = 2 * 1024 * 1024;
pub const AVATAR_SIZE: u32 = 256;
/// Decoding limits: a small file may still claim enormous dimensions (a decompression
/// bomb: a 50 KB PNG can claim 8192×8192). The header is read first and anything over
/// [`MAX_PIXELS`] is refused before a pixel is decoded; the decoder's allocation limit
/// backs that up. With [`DECODE_SLOTS`] decodes at once (see `PortfolioService`), avatar
/// uploads hold at most `DECODE_SLOTS × MAX_DECODE_ALLOC` however many arrive together.
pub const MAX_DIMENSION: u32 = 4096;
pub const MAX_PIXELS: u64 = 4096 * 4096;
const MAX_DECODE_ALLOC: u64 = 80 * 1024 * 1024;
/// Avatar decodes running at once.
pub const DECODE_SLOTS: usize = 2;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AvatarError {
    #[error("the image is larger than 2 MB")]
    TooLarge,
    #[error("the image has more than 4096×4096 pixels")]
    TooManyPixels,
    #[error("not a PNG, JPEG or WebP image")]
    Unsupported,
    #[error("the image could not be read: {0}")]
    Corrupt(String),
}

/// Turns uploaded bytes into the 256×256 PNG we store.
pub fn process(bytes: &[u8]) -> Result<Vec<u8>, AvatarError> {
    if bytes.len() > MAX_AVATAR_BYTES {
        return Err(AvatarError::TooLarge);
    }
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| AvatarError::Corrupt(e.to_string()))?;
    match reader.format() {
        Some(ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::WebP) => {}
        _ => return Err(AvatarError::Unsupported),
    }
    let (width, height) = ImageReader::with_format(
        Cursor::new(bytes),
        reader.format().unwrap_or(ImageFormat::Png),
    )
    .into_dimensions()
    .map_err(|e| AvatarError::Corrupt(e.to_string()))?;
    if width > MAX_DIMENSION
        || height > MAX_DIMENSION
        || u64::from(width) * u64::from(height) > MAX_PIXELS
    {
        return Err(AvatarError::TooManyPixels);
    }
    let mut reader = reader;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_DIMENSION);
    limits.max_image_height = Some(MAX_DIMENSION);
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    reader.limits(limits);
    let image = reader
        .decode()
        .map_err(|e| AvatarError::Corrupt(e.to_string()))?;
    // Cover: scale so the short side fits, then crop the centre.
    let square = image.resize_to_fill(AVATAR_SIZE, AVATAR_SIZE, FilterType::Triangle);
    let mut out = Cursor::new(Vec::new());
    square
        .to_rgba8()
        .write_to(&mut out, ImageFormat::Png)
        .map_err(|e| AvatarError::Corrupt(e.to_string()))?;
    Ok(out.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let img =
            image::RgbImage::from_fn(width, height, |x, _| image::Rgb([(x % 256) as u8, 10, 20]));
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn a_wide_png_becomes_a_square_png() {
        let out = process(&png(600, 300)).unwrap();
        let decoded = image::load_from_memory_with_format(&out, ImageFormat::Png).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (256, 256));
    }

    /// 8192×8192 of one grey compresses to a few dozen kilobytes; decoded it is 64 MiB
    /// (256 MiB as the RGBA the resize works on).
    #[test]
    fn a_decompression_bomb_is_refused_from_its_header() {
        let img = image::GrayImage::new(8192, 8192);
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png).unwrap();
        let bomb = out.into_inner();
        assert!(bomb.len() < MAX_AVATAR_BYTES, "{} bytes", bomb.len());
        assert_eq!(process(&bomb), Err(AvatarError::TooManyPixels));
    }

    #[test]
    fn text_is_not_an_image() {
        assert_eq!(process(b"hello, I am a PNG"), Err(AvatarError::Unsupported));
    }

    #[test]
    fn a_truncated_png_is_refused() {
        let bytes = png(100, 100);
        assert!(matches!(
            process(&bytes[..bytes.len() / 2]),
            Err(AvatarError::Corrupt(_))
        ));
    }

    #[test]
    fn a_gif_is_unsupported() {
        assert_eq!(
            process(b"GIF89a\x01\x00\x01\x00"),
            Err(AvatarError::Unsupported)
        );
    }
}
