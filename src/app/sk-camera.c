/* sk-camera.c: scanning a QR code held up to the webcam
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/video/video.h>
#include <libportal-gtk4/portal-gtk4.h>
#include <libportal/portal.h>
#include <sodium.h>
#include <sparekey/sparekey.h>

#include "sk-app-util.h"
#include "sk-camera.h"

#define PORTAL_IFACE    "org.freedesktop.portal.Camera"
#define TEST_PICTURE    "SPAREKEY_CAMERA_TEST_PICTURE"

/* Decoding takes tens of milliseconds a frame: a few tries a second find
 * a code as soon as it is held still and leave the preview smooth. */
#define DECODE_INTERVAL_US (G_USEC_PER_SEC / 5)

/* The streaming thread's view of the widget: it outlives neither. */
typedef struct {
  gatomicrefcount ref;
  GWeakRef        camera;
  guint           generation;
  gint64          last_decode;  /* streaming thread only */
  gint            pending;      /* frames posted, not yet shown (atomic) */
} Link;

struct _SkCamera {
  GtkWidget     parent_instance;

  GtkWidget    *box;
  GtkPicture   *picture;
  GtkLabel     *status_label;
  char         *status;

  XdpPortal    *portal;
  GCancellable *cancellable;
  GstElement   *pipeline;
  guint         bus_watch;
  int           fd;             /* the PipeWire remote, -1 when none */
  guint         generation;     /* bumped at every start and stop */
};

G_DEFINE_FINAL_TYPE (SkCamera, sk_camera, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STATUS,
  PROP_RUNNING,
  N_PROPS
};

enum {
  URI_FOUND,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static Link *
link_new (SkCamera *camera)
{
  Link *link = g_new0 (Link, 1);

  g_atomic_ref_count_init (&link->ref);
  g_weak_ref_init (&link->camera, camera);
  link->generation = camera->generation;
  return link;
}

static Link *
link_ref (Link *link)
{
  g_atomic_ref_count_inc (&link->ref);
  return link;
}

static void
link_unref (gpointer data)
{
  Link *link = data;

  if (g_atomic_ref_count_dec (&link->ref))
    {
      g_weak_ref_clear (&link->camera);
      g_free (link);
    }
}

static void
set_status (SkCamera   *self,
            const char *status)
{
  if (g_strcmp0 (self->status, status) == 0)
    return;
  g_free (self->status);
  self->status = g_strdup (status);
  gtk_label_set_text (self->status_label, status);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

/* A frame's pixels. The preview shows a QR code, which may be a key:
 * they are wiped when the last texture made of them goes. */
typedef struct {
  gsize  size;
  guint8 data[];
} Pixels;

static void
wipe_pixels (gpointer data)
{
  Pixels *pixels = data;

  sodium_memzero (pixels->data, pixels->size);
  g_free (pixels);
}

typedef struct {
  Link     *link;
  guint     generation;
  GBytes   *pixels;
  guint     width;
  guint     height;
  gsize     stride;
  SkSecret *uri;         /* an authenticator link, or NULL */
  gboolean  other_code;  /* a QR code that is not one */
} Frame;

static void
frame_free (gpointer data)
{
  Frame *frame = data;

  g_atomic_int_dec_and_test (&frame->link->pending);
  g_clear_pointer (&frame->pixels, g_bytes_unref);
  g_clear_pointer (&frame->uri, sk_secret_unref);
  link_unref (frame->link);
  g_free (frame);
}

static gboolean
is_authenticator_link (const char *text)
{
  return g_ascii_strncasecmp (text, "otpauth://", 10) == 0 ||
         g_ascii_strncasecmp (text, "otpauth-migration://", 20) == 0;
}

/* Main thread: shows the frame, and hands over a link it held. */
static gboolean
frame_show (gpointer data)
{
  Frame *frame = data;
  g_autoptr(SkCamera) self = g_weak_ref_get (&frame->link->camera);
  g_autoptr(GdkTexture) texture = NULL;

  if (self == NULL || self->pipeline == NULL || frame->generation != self->generation)
    return G_SOURCE_REMOVE;

  texture = gdk_memory_texture_new (frame->width, frame->height, GDK_MEMORY_R8G8B8A8,
                                    frame->pixels, frame->stride);
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
  if (frame->uri != NULL)
    {
      sk_camera_stop (self);
      set_status (self, _("QR code found"));
      g_signal_emit (self, signals[URI_FOUND], 0, sk_secret_get_string (frame->uri));
    }
  else if (frame->other_code)
    set_status (self, _("This QR code is not an authenticator link: point the camera at the "
                        "code the website shows for two-step verification"));
  else if (g_strcmp0 (self->status, _("Starting the camera…")) == 0)
    set_status (self, _("Point the camera at the QR code"));
  return G_SOURCE_REMOVE;
}

/* Streaming thread: copies the frame for the preview and, a few times a
 * second, looks for a QR code in it. */
static GstFlowReturn
on_new_sample (GstAppSink *sink,
               gpointer    user_data)
{
  Link *link = user_data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  GstVideoInfo info;
  GstMapInfo map;
  GstBuffer *buffer;
  Frame *frame;
  gint64 now = g_get_monotonic_time ();
  gboolean decode;

  if (sample == NULL)
    return GST_FLOW_EOS;
  buffer = gst_sample_get_buffer (sample);
  if (buffer == NULL || !gst_video_info_from_caps (&info, gst_sample_get_caps (sample)))
    return GST_FLOW_OK;
  decode = now - link->last_decode >= DECODE_INTERVAL_US;
  /* The main thread is behind: this frame's preview would only queue up. */
  if (!decode && g_atomic_int_get (&link->pending) > 1)
    return GST_FLOW_OK;
  if (!gst_buffer_map (buffer, &map, GST_MAP_READ))
    return GST_FLOW_OK;

  frame = g_new0 (Frame, 1);
  frame->link = link_ref (link);
  frame->generation = link->generation;
  frame->width = GST_VIDEO_INFO_WIDTH (&info);
  frame->height = GST_VIDEO_INFO_HEIGHT (&info);
  frame->stride = GST_VIDEO_INFO_PLANE_STRIDE (&info, 0);
  if (map.size >= frame->stride * frame->height)
    {
      Pixels *copy = g_malloc (sizeof (Pixels) + frame->stride * frame->height);

      copy->size = frame->stride * frame->height;
      memcpy (copy->data, map.data, copy->size);
      frame->pixels = g_bytes_new_with_free_func (copy->data, copy->size, wipe_pixels, copy);
    }

  if (decode && frame->pixels != NULL)
    {
      g_autofree guint8 *gray = g_malloc ((gsize) frame->width * frame->height);
      g_autoptr(GPtrArray) texts = NULL;

      link->last_decode = now;
      /* Rec. 601 luma, as the core does for pictures. */
      for (guint y = 0; y < frame->height; y++)
        {
          const guint8 *row = map.data + y * frame->stride;

          for (guint x = 0; x < frame->width; x++)
            gray[(gsize) y * frame->width + x] =
              (guint8) ((299 * row[4 * x] + 587 * row[4 * x + 1] + 114 * row[4 * x + 2]) / 1000);
        }
      texts = sk_qr_decode_gray (gray, frame->width, frame->height, frame->width, NULL);
      sodium_memzero (gray, (gsize) frame->width * frame->height);
      for (guint i = 0; texts != NULL && i < texts->len; i++)
        {
          SkSecret *text = texts->pdata[i];

          if (is_authenticator_link (sk_secret_get_string (text)))
            {
              frame->uri = sk_secret_ref (text);
              break;
            }
          frame->other_code = TRUE;
        }
    }
  gst_buffer_unmap (buffer, &map);

  if (frame->pixels == NULL)
    {
      frame_free (frame);
      return GST_FLOW_OK;
    }
  g_atomic_int_inc (&link->pending);
  /* An idle in the main context, never g_main_context_invoke(): that one
   * runs the function right here when the main thread is not iterating,
   * and stopping the pipeline from its own streaming thread deadlocks. */
  g_idle_add_full (G_PRIORITY_DEFAULT, frame_show, frame, frame_free);
  return GST_FLOW_OK;
}

static gboolean
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  SkCamera *self = user_data;

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *status = NULL;

      gst_message_parse_error (message, &error, NULL);
      status = g_strdup_printf (_("The camera stopped: %s"), error->message);
      sk_camera_stop (self);
      set_status (self, status);
    }
  else if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_EOS)
    {
      sk_camera_stop (self);
      set_status (self, _("The camera stopped"));
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
ensure_gstreamer (GError **error)
{
  return gst_init_check (NULL, NULL, error);
}

/* The pipeline from @source_desc to an RGBA appsink. */
static void
run_pipeline (SkCamera   *self,
              const char *source_desc)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *desc = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstBus) bus = NULL;
  GstAppSinkCallbacks callbacks = { .new_sample = on_new_sample };

  if (!ensure_gstreamer (&error))
    goto failed;
  desc = g_strdup_printf ("%s ! videoconvert ! videoscale ! "
                          "video/x-raw,format=RGBA,pixel-aspect-ratio=1/1 ! "
                          "appsink name=sink max-buffers=1 drop=true", source_desc);
  self->pipeline = gst_parse_launch (desc, &error);
  if (self->pipeline == NULL)
    goto failed;
  g_object_ref_sink (self->pipeline);
  sink = gst_bin_get_by_name (GST_BIN (self->pipeline), "sink");
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, link_new (self), link_unref);

  bus = gst_element_get_bus (self->pipeline);
  self->bus_watch = gst_bus_add_watch (bus, on_bus_message, self);
  set_status (self, _("Starting the camera…"));
  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      sk_camera_stop (self);
      set_status (self, _("The camera cannot be started"));
      return;
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  return;

failed:
  {
    g_autofree char *status = g_strdup_printf (_("The camera cannot be started: %s"),
                                               error != NULL ? error->message : "");

    g_clear_object (&self->pipeline);
    set_status (self, status);
  }
}

static void
access_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SkCamera) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *desc = NULL;

  if (!xdp_portal_access_camera_finish (XDP_PORTAL (source), result, &error))
    {
      g_autofree char *status = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      status = g_strdup_printf (_("No access to the camera: %s"), error->message);
      set_status (self, status);
      return;
    }
  self->fd = xdp_portal_open_pipewire_remote_for_camera (XDP_PORTAL (source));
  if (self->fd < 0)
    {
      set_status (self, _("The camera cannot be reached through PipeWire"));
      return;
    }
  /* pipewiresrc connects with a copy of the descriptor; ours is closed at
   * stop. */
  desc = g_strdup_printf ("pipewiresrc fd=%d", self->fd);
  run_pipeline (self, desc);
}

void
sk_camera_start (SkCamera *self)
{
  const char *picture = g_getenv (TEST_PICTURE);
  g_autoptr(XdpParent) parent = NULL;
  GtkRoot *root;

  g_return_if_fail (SK_IS_CAMERA (self));

  if (self->pipeline != NULL)
    return;
  sk_camera_stop (self);
  self->generation++;
  if (picture != NULL && *picture != '\0')
    {
      g_autofree char *quoted = g_strescape (picture, NULL);
      g_autofree char *desc = g_strdup_printf ("filesrc location=\"%s\" ! decodebin ! imagefreeze",
                                               quoted);

      run_pipeline (self, desc);
      return;
    }

  if (self->portal == NULL)
    self->portal = xdp_portal_new ();
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (GTK_IS_WINDOW (root))
    parent = xdp_parent_new_gtk (GTK_WINDOW (root));
  set_status (self, _("Asking for the camera…"));
  xdp_portal_access_camera (self->portal, parent, XDP_CAMERA_FLAG_NONE, self->cancellable,
                            access_done, g_object_ref (self));
}

void
sk_camera_stop (SkCamera *self)
{
  gboolean was_running;

  g_return_if_fail (SK_IS_CAMERA (self));

  was_running = self->pipeline != NULL;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->generation++;
  if (self->pipeline != NULL)
    {
      /* Returns once the streaming thread is out of on_new_sample(). */
      gst_element_set_state (self->pipeline, GST_STATE_NULL);
      g_clear_object (&self->pipeline);
    }
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  if (self->fd >= 0)
    {
      close (self->fd);
      self->fd = -1;
    }
  gtk_picture_set_paintable (self->picture, NULL);
  if (was_running)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

gboolean
sk_camera_is_running (SkCamera *self)
{
  g_return_val_if_fail (SK_IS_CAMERA (self), FALSE);
  return self->pipeline != NULL;
}

const char *
sk_camera_get_status (SkCamera *self)
{
  g_return_val_if_fail (SK_IS_CAMERA (self), NULL);
  return self->status != NULL ? self->status : "";
}

/* Availability ------------------------------------------------------------ */

static void
check_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GVariant) present = NULL;
  g_autoptr(GError) error = NULL;

  present = sk_portal_get_property_finish (result, &error);
  if (present == NULL)
    g_debug ("No camera portal: %s", error->message);
  g_task_return_boolean (task, present != NULL &&
                               g_variant_is_of_type (present, G_VARIANT_TYPE_BOOLEAN) &&
                               g_variant_get_boolean (present));
}

void
sk_camera_check_async (GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  const char *picture = g_getenv (TEST_PICTURE);
  g_autoptr(GstElementFactory) source = NULL;

  g_task_set_source_tag (task, sk_camera_check_async);
  if (picture != NULL && *picture != '\0')
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (!ensure_gstreamer (NULL) || (source = gst_element_factory_find ("pipewiresrc")) == NULL)
    {
      g_task_return_boolean (task, FALSE);
      return;
    }
  sk_portal_get_property_async (PORTAL_IFACE, "IsCameraPresent", cancellable, check_done,
                                g_steal_pointer (&task));
}

gboolean
sk_camera_check_finish (GAsyncResult *result)
{
  return g_task_propagate_boolean (G_TASK (result), NULL);
}

/* The widget --------------------------------------------------------------- */

static void
sk_camera_unrealize (GtkWidget *widget)
{
  sk_camera_stop (SK_CAMERA (widget));
  GTK_WIDGET_CLASS (sk_camera_parent_class)->unrealize (widget);
}

static void
sk_camera_dispose (GObject *object)
{
  SkCamera *self = SK_CAMERA (object);

  if (self->picture != NULL)
    sk_camera_stop (self);
  g_clear_object (&self->portal);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  self->picture = NULL;
  self->status_label = NULL;

  G_OBJECT_CLASS (sk_camera_parent_class)->dispose (object);
}

static void
sk_camera_finalize (GObject *object)
{
  SkCamera *self = SK_CAMERA (object);

  g_clear_object (&self->cancellable);
  g_free (self->status);

  G_OBJECT_CLASS (sk_camera_parent_class)->finalize (object);
}

static void
sk_camera_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  SkCamera *self = SK_CAMERA (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      g_value_set_string (value, sk_camera_get_status (self));
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, sk_camera_is_running (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sk_camera_class_init (SkCameraClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sk_camera_dispose;
  object_class->finalize = sk_camera_finalize;
  object_class->get_property = sk_camera_get_property;
  widget_class->unrealize = sk_camera_unrealize;

  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The link found (otpauth:// or otpauth-migration://), wiped after the
   * handlers ran. */
  signals[URI_FOUND] = g_signal_new ("uri-found", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                     G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sk-camera");
}

static void
sk_camera_init (SkCamera *self)
{
  GtkWidget *picture, *label;

  self->fd = -1;
  self->cancellable = g_cancellable_new ();
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_widget_set_margin_top (self->box, 6);
  gtk_widget_set_margin_bottom (self->box, 6);

  picture = gtk_picture_new ();
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_CONTAIN);
  gtk_widget_set_size_request (picture, 240, 240);
  gtk_accessible_update_property (GTK_ACCESSIBLE (picture),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Camera preview"), -1);
  gtk_box_append (GTK_BOX (self->box), picture);
  self->picture = GTK_PICTURE (picture);

  label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (self->box), label);
  self->status_label = GTK_LABEL (label);
}

SkCamera *
sk_camera_new (void)
{
  return g_object_new (SK_TYPE_CAMERA, NULL);
}

/* The row ------------------------------------------------------------------ */

static void
row_uri_found (SkCamera   *camera,
               const char *uri,
               GtkWidget  *row)
{
  GtkEditable *target = g_object_get_data (G_OBJECT (row), "sk-camera-target");

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), FALSE);
  if (target != NULL)
    gtk_editable_set_text (target, uri);
}

static void
row_expanded (GtkWidget  *row,
              GParamSpec *pspec,
              SkCamera   *camera)
{
  if (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (row)))
    sk_camera_start (camera);
  else
    sk_camera_stop (camera);
}

static void
row_check_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GtkWidget) row = user_data;

  if (sk_camera_check_finish (result))
    gtk_widget_set_visible (row, TRUE);
}

GtkWidget *
sk_camera_row_new (GtkEditable  *target,
                   GCancellable *cancellable)
{
  GtkWidget *row = adw_expander_row_new ();
  SkCamera *camera = sk_camera_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name ("camera-web-symbolic");

  g_return_val_if_fail (GTK_IS_EDITABLE (target), NULL);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Scan with Ca_mera"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), _("Hold the QR code up to the webcam"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), icon);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), GTK_WIDGET (camera));
  gtk_widget_set_visible (row, FALSE);
  g_object_set_data (G_OBJECT (row), "sk-camera", camera);
  g_object_set_data (G_OBJECT (row), "sk-camera-target", target);
  g_signal_connect (camera, "uri-found", G_CALLBACK (row_uri_found), row);
  g_signal_connect (row, "notify::expanded", G_CALLBACK (row_expanded), camera);
  sk_camera_check_async (cancellable, row_check_done, g_object_ref (row));
  return row;
}
