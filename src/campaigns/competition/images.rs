//! Checks and prepares an uploaded image, with no web or database types.
//!
//! The type is decided by the file's first bytes, never by its name or the
//! type the browser declares: only PNG and JPEG pass. The image is decoded
//! under limits (a small file claiming a huge picture — a decompression
//! bomb — is refused before its pixels are allocated), then encoded afresh
//! from its pixels, so EXIF, GPS and any other metadata are left behind.
//! Two sizes are kept: one for display (at most [`DISPLAY`] pixels a side)
//! and a thumbnail (at most [`THUMBNAIL`]). Decoding is slow work: callers
//! run [`prepare`] on a blocking thread.

use std::io::Cursor;

use image::imageops::FilterType;
use image::{DynamicImage, ImageFormat, ImageReader, Limits};

/// The largest file taken, in bytes (10 MB).
pub const MAX_BYTES: usize = 10 * 1024 * 1024;
/// The widest or tallest image decoded, in pixels.
pub const MAX_SIDE: u32 = 12_000;
/// The most memory decoding may take.
const MAX_ALLOC: u64 = 512 * 1024 * 1024;
/// The longest side of the display copy and of the thumbnail.
pub const DISPLAY: u32 = 1200;
pub const THUMBNAIL: u32 = 400;

/// An image ready to store.
#[derive(Clone, Debug)]
pub struct Prepared {
    pub content_type: &'static str,
    pub display: Vec<u8>,
    pub thumbnail: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// Why an image was refused, in words for the person who sent it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("The file is empty. Choose the image again")]
    Empty,
    #[error("The image is {0} MB: choose one of 10 MB or less")]
    TooBig(String),
    #[error("The file is a {0} image: choose a PNG or JPEG")]
    OtherImage(&'static str),
    #[error(
        "The file is not a PNG or JPEG image, whatever its name says: choose a photo or picture saved as PNG or JPEG"
    )]
    NotAnImage,
    #[error("The image is too large in pixels (at most 12,000 a side) or is damaged: save it smaller and try again")]
    Unreadable,
}

/// "10.5" for a number of bytes in MB, to one decimal place.
fn megabytes(bytes: usize) -> String {
    format!("{:.1}", bytes as f64 / (1024.0 * 1024.0))
}

/// Checks `bytes` and makes the two copies to keep.
pub fn prepare(bytes: &[u8]) -> Result<Prepared, Refused> {
    if bytes.is_empty() {
        return Err(Refused::Empty);
    }
    if bytes.len() > MAX_BYTES {
        return Err(Refused::TooBig(megabytes(bytes.len())));
    }
    let mut reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|_| Refused::NotAnImage)?;
    let format = match reader.format() {
        Some(f @ (ImageFormat::Png | ImageFormat::Jpeg)) => f,
        Some(ImageFormat::Gif) => return Err(Refused::OtherImage("GIF")),
        Some(ImageFormat::WebP) => return Err(Refused::OtherImage("WebP")),
        Some(ImageFormat::Bmp) => return Err(Refused::OtherImage("BMP")),
        Some(ImageFormat::Tiff) => return Err(Refused::OtherImage("TIFF")),
        _ => return Err(Refused::NotAnImage),
    };
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let image = reader.decode().map_err(|_| Refused::Unreadable)?;
    if image.width() == 0 || image.height() == 0 {
        return Err(Refused::Unreadable);
    }
    let display = if image.width() > DISPLAY || image.height() > DISPLAY {
        image.resize(DISPLAY, DISPLAY, FilterType::Triangle)
    } else {
        image.clone()
    };
    let thumbnail = image.thumbnail(THUMBNAIL, THUMBNAIL);
    let (content_type, display_bytes, thumbnail_bytes) = match format {
        ImageFormat::Jpeg => ("image/jpeg", jpeg(&display)?, jpeg(&thumbnail)?),
        _ => ("image/png", png(&display)?, png(&thumbnail)?),
    };
    Ok(Prepared {
        content_type,
        display: display_bytes,
        thumbnail: thumbnail_bytes,
        width: display.width(),
        height: display.height(),
    })
}

fn png(image: &DynamicImage) -> Result<Vec<u8>, Refused> {
    let mut out = Cursor::new(Vec::new());
    image.write_to(&mut out, ImageFormat::Png).map_err(|_| Refused::Unreadable)?;
    Ok(out.into_inner())
}

fn jpeg(image: &DynamicImage) -> Result<Vec<u8>, Refused> {
    let mut out = Vec::new();
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85);
    DynamicImage::ImageRgb8(image.to_rgb8()).write_with_encoder(encoder).map_err(|_| Refused::Unreadable)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png_of(width: u32, height: u32) -> Vec<u8> {
        png(&DynamicImage::new_rgb8(width, height)).unwrap()
    }

    #[test]
    fn a_large_png_is_kept_at_display_size_with_a_thumbnail() {
        let p = prepare(&png_of(2400, 600)).unwrap();
        assert_eq!((p.content_type, p.width, p.height), ("image/png", 1200, 300));
        let thumb = image::load_from_memory(&p.thumbnail).unwrap();
        assert_eq!((thumb.width(), thumb.height()), (400, 100));
    }

    #[test]
    fn html_a_gif_and_nothing_are_refused_by_their_bytes() {
        assert_eq!(prepare(b"<html><script>alert(1)</script></html>").unwrap_err(), Refused::NotAnImage);
        assert_eq!(prepare(b"GIF89a\x01\x00\x01\x00").unwrap_err(), Refused::OtherImage("GIF"));
        assert_eq!(prepare(b"").unwrap_err(), Refused::Empty);
        assert_eq!(prepare(&vec![0; MAX_BYTES + 1]).unwrap_err(), Refused::TooBig("10.0".to_owned()));
    }
}
