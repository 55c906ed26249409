/* sk-camera.h: scanning a QR code held up to the webcam
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SK_TYPE_CAMERA (sk_camera_get_type ())
G_DECLARE_FINAL_TYPE (SkCamera, sk_camera, SK, CAMERA, GtkWidget)

/*
 * A live preview of the camera that looks for a QR code in every frame.
 * The camera is reached through the desktop's camera portal
 * (org.freedesktop.portal.Camera, which asks the user) and PipeWire, read
 * by GStreamer (pipewiresrc → videoconvert → appsink); frames are decoded
 * by sk_qr_decode_gray(). When a frame holds an otpauth:// or
 * otpauth-migration:// link the camera stops and "uri-found" is emitted
 * with it (the string is wiped after the handlers ran: copy it into a
 * field that wipes, never keep it).
 *
 * For tests and screenshots only, SPAREKEY_CAMERA_TEST_PICTURE=FILE makes
 * the camera a still picture (filesrc → decodebin → imagefreeze) instead
 * of the portal, so the whole pipeline and the decoding run headless.
 */
SkCamera   *sk_camera_new          (void);
/* Asks the portal for the camera (first time: the user is asked) and
 * starts the preview; stopping is sk_camera_stop() or unrealizing. */
void        sk_camera_start        (SkCamera     *self);
void        sk_camera_stop         (SkCamera     *self);
gboolean    sk_camera_is_running   (SkCamera     *self);
/* What the camera is doing, for the user ("Point the camera at…", an
 * error), never NULL. */
const char *sk_camera_get_status   (SkCamera     *self);

/* Whether a camera can be used here: the portal says a camera is present
 * and GStreamer has pipewiresrc (or the test picture is set). Never
 * blocks; FALSE when there is no portal. */
void        sk_camera_check_async  (GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
gboolean    sk_camera_check_finish (GAsyncResult        *result);

/*
 * The "Scan with Camera" row for a preferences group: hidden until
 * sk_camera_check_async() finds a camera; expanding it starts the camera
 * (collapsing stops it), and a link it finds is written into @target,
 * whose own handlers take it from there. @cancellable ends the check.
 */
GtkWidget  *sk_camera_row_new      (GtkEditable         *target,
                                    GCancellable        *cancellable);

G_END_DECLS
