//! The board's camera: reads the participants' QR codes (the code each phone's share panel
//! shows), one after another, and hands each text read to the board, which says whether it was
//! a new scenario. Where the page cannot use a camera (permission refused, no camera, or a page
//! not served over https) it says so; pasting the links still works.

use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::i18n::{pick, Lang};
use crate::qr_read::{luma_from_rgba, read_codes};

/// Frames are read at most this often: a phone is held up for a second or two.
const FRAME_EVERY: Duration = Duration::from_millis(250);
/// Frames are scaled down to this many pixels across before reading: enough for a code that
/// fills a fifth of the picture, and quick to read on a cheap phone.
const FRAME_PIXELS: f64 = 640.0;

/// What the board made of a code read.
#[derive(Clone, Debug, PartialEq)]
pub enum ScanOutcome {
    /// A new scenario, under this name.
    Added(String),
    /// Already on the board, under this name.
    AlreadyThere(String),
    /// Not a Cuenca link.
    NotALink,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Camera {
    Off,
    Starting,
    On,
    Denied,
    Missing,
    Unavailable,
}

/// The camera's stream, as a promise's error or value.
async fn open_camera() -> Result<web_sys::MediaStream, Camera> {
    let navigator = window().navigator();
    let has_devices = js_sys::Reflect::get(&navigator, &"mediaDevices".into())
        .is_ok_and(|d| !d.is_undefined() && !d.is_null());
    if !has_devices {
        return Err(Camera::Unavailable);
    }
    let devices = navigator.media_devices().map_err(|_| Camera::Unavailable)?;
    let video = js_sys::Object::new();
    // The camera on the back, where there is one: the facilitator points it at a phone.
    let _ = js_sys::Reflect::set(&video, &"facingMode".into(), &"environment".into());
    let constraints = web_sys::MediaStreamConstraints::new();
    constraints.set_video(&video);
    constraints.set_audio(&JsValue::FALSE);
    let promise = devices
        .get_user_media_with_constraints(&constraints)
        .map_err(|_| Camera::Unavailable)?;
    match wasm_bindgen_futures::JsFuture::from(promise).await {
        Ok(stream) => stream.dyn_into().map_err(|_| Camera::Unavailable),
        Err(e) => {
            let name = js_sys::Reflect::get(&e, &"name".into())
                .ok()
                .and_then(|n| n.as_string())
                .unwrap_or_default();
            Err(match name.as_str() {
                "NotAllowedError" | "SecurityError" => Camera::Denied,
                "NotFoundError" | "OverconstrainedError" | "NotReadableError" => Camera::Missing,
                _ => Camera::Unavailable,
            })
        }
    }
}

/// The video's current frame as luminance, scaled to at most [`FRAME_PIXELS`] across.
fn frame(
    video: &web_sys::HtmlVideoElement,
    canvas: &web_sys::HtmlCanvasElement,
) -> Option<(Vec<u8>, usize, usize)> {
    // HAVE_CURRENT_DATA: a frame to draw.
    if video.ready_state() < 2 {
        return None;
    }
    let (vw, vh) = (
        f64::from(video.video_width()),
        f64::from(video.video_height()),
    );
    if vw <= 0.0 || vh <= 0.0 {
        return None;
    }
    let scale = (FRAME_PIXELS / vw.max(vh)).min(1.0);
    let (w, h) = ((vw * scale).round(), (vh * scale).round());
    canvas.set_width(w as u32);
    canvas.set_height(h as u32);
    let context: web_sys::CanvasRenderingContext2d =
        canvas.get_context("2d").ok()??.dyn_into().ok()?;
    context
        .draw_image_with_html_video_element_and_dw_and_dh(video, 0.0, 0.0, w, h)
        .ok()?;
    let data = context.get_image_data(0.0, 0.0, w, h).ok()?.data();
    Some((luma_from_rgba(&data), w as usize, h as usize))
}

fn stop_stream(stream: &web_sys::MediaStream) {
    for track in stream.get_tracks().iter() {
        if let Ok(track) = track.dyn_into::<web_sys::MediaStreamTrack>() {
            track.stop();
        }
    }
}

/// `on_text` takes each text read (a code held up stays in view for several frames: the same
/// text is handed on once until another is read).
#[component]
pub fn QrScanner(on_text: Callback<String, ScanOutcome>, lang: ReadSignal<Lang>) -> impl IntoView {
    let camera = RwSignal::new(Camera::Off);
    let last = RwSignal::new(None::<(String, ScanOutcome)>);
    let video = NodeRef::<leptos::html::Video>::new();
    let stream = StoredValue::new_local(None::<web_sys::MediaStream>);
    let timer = StoredValue::new_local(None::<IntervalHandle>);
    let canvas = StoredValue::new_local(
        document()
            .create_element("canvas")
            .ok()
            .and_then(|c| c.dyn_into::<web_sys::HtmlCanvasElement>().ok()),
    );

    let stop = move || {
        if let Some(t) = timer.try_get_value().flatten() {
            t.clear();
        }
        timer.try_set_value(None);
        if let Some(s) = stream.try_get_value().flatten() {
            stop_stream(&s);
        }
        stream.try_set_value(None);
    };
    let read_frame = move || {
        let (Some(v), Some(Some(c))) = (video.get_untracked(), canvas.try_get_value()) else {
            return;
        };
        let Some((luma, w, h)) = frame(&v, &c) else {
            return;
        };
        for text in read_codes(&luma, w, h) {
            let seen = last.with_untracked(|l| l.as_ref().is_some_and(|(t, _)| *t == text));
            if !seen {
                let outcome = on_text.run(text.clone());
                last.set(Some((text, outcome)));
            }
        }
    };
    let start = move |_| {
        camera.set(Camera::Starting);
        last.set(None);
        leptos::task::spawn_local(async move {
            match open_camera().await {
                Ok(s) => {
                    // The person may have closed the scanner while the browser asked.
                    if camera.get_untracked() != Camera::Starting {
                        stop_stream(&s);
                        return;
                    }
                    if let Some(v) = video.get_untracked() {
                        v.set_src_object(Some(&s));
                        let _ = v.play();
                    }
                    stream.set_value(Some(s));
                    timer.set_value(set_interval_with_handle(read_frame, FRAME_EVERY).ok());
                    camera.set(Camera::On);
                }
                Err(why) => camera.set(why),
            }
        });
    };
    on_cleanup(stop);

    let message = move || {
        let lang = lang.get();
        let text = match camera.get() {
            Camera::Off => return None,
            Camera::Starting => pick(lang, "Abriendo la cámara…", "Opening the camera…").to_string(),
            Camera::Denied => pick(lang, "No se dio permiso para usar la cámara. Podés pegar los enlaces.", "The camera was not allowed. You can paste the links.").to_string(),
            Camera::Missing => pick(lang, "No se encontró una cámara que se pueda usar. Podés pegar los enlaces.", "No usable camera was found. You can paste the links.").to_string(),
            Camera::Unavailable => pick(lang, "Este navegador no deja usar la cámara en esta página (hace falta abrirla con https). Podés pegar los enlaces.", "This browser does not allow the camera on this page (it must be opened over https). You can paste the links.").to_string(),
            Camera::On => match last.get() {
                None => pick(lang, "Apuntá la cámara al código QR de cada participante (en su teléfono: «Compartir»).", "Point the camera at each participant's QR code (on their phone: “Share”).").to_string(),
                Some((_, ScanOutcome::Added(name))) => match lang {
                    Lang::Es => format!("Agregado al tablero: {name}. Podés leer el siguiente."),
                    Lang::En => format!("Added to the board: {name}. You can read the next one."),
                },
                Some((_, ScanOutcome::AlreadyThere(name))) => match lang {
                    Lang::Es => format!("{name} ya estaba en el tablero."),
                    Lang::En => format!("{name} was already on the board."),
                },
                Some((_, ScanOutcome::NotALink)) => pick(lang, "Ese código no es un enlace de Cuenca.", "That code is not a Cuenca link.").to_string(),
            },
        };
        Some(text)
    };
    let scanning = move || matches!(camera.get(), Camera::Starting | Camera::On);

    view! {
        <div class="qr-scanner">
            <button
                type="button"
                data-testid="board-scan"
                aria-pressed=move || scanning().to_string()
                on:click=move |ev| {
                    if scanning() {
                        stop();
                        camera.set(Camera::Off);
                    } else {
                        start(ev);
                    }
                }
            >
                {move || if scanning() {
                    pick(lang.get(), "Terminar de leer códigos", "Stop reading codes")
                } else {
                    pick(lang.get(), "Leer códigos QR con la cámara", "Read QR codes with the camera")
                }}
            </button>
            <p role="status" data-testid="board-scan-status">{message}</p>
            <video
                node_ref=video
                class="qr-video"
                data-testid="board-scan-video"
                playsinline=true
                muted=true
                autoplay=true
                hidden=move || camera.get() != Camera::On
            ></video>
        </div>
    }
}
