/* Stands in for libgssapi_krb5 in the fully static build (cmake/StaticDeps.cmake):
 * Debian ships no archive of it, and libgit2 calls it only to answer an HTTP
 * "Negotiate" (Kerberos) challenge. Every call reports GSS_S_FAILURE, so such
 * a server's clone fails with libgit2's "could not query mechanisms" error
 * instead of the binary needing a shared library; Basic and token
 * authentication, SSH and anonymous HTTPS are unaffected.
 * Also compiled as C++ inside an extern "C" block (the link probe). */
#include <stddef.h>
#include <stdint.h>

typedef uint32_t nts_gss_status;
#define NTS_GSS_S_FAILURE (((nts_gss_status)13u) << 16)

void* GSS_C_NT_HOSTBASED_SERVICE = NULL;

static nts_gss_status nts_gss_unavailable(nts_gss_status* minor) {
  if (minor != NULL) {
    *minor = 0;
  }
  return NTS_GSS_S_FAILURE;
}

nts_gss_status gss_indicate_mechs(nts_gss_status* minor, void** mechs) {
  if (mechs != NULL) {
    *mechs = NULL;
  }
  return nts_gss_unavailable(minor);
}
nts_gss_status gss_import_name(nts_gss_status* minor, void* buffer, void* type, void** name) {
  (void)buffer;
  (void)type;
  if (name != NULL) {
    *name = NULL;
  }
  return nts_gss_unavailable(minor);
}
nts_gss_status gss_init_sec_context(nts_gss_status* minor, void* cred, void** context, void* name,
                                    void* mech, uint32_t flags, uint32_t time, void* bindings,
                                    void* input, void** actual_mech, void* output,
                                    uint32_t* ret_flags, uint32_t* ret_time) {
  (void)cred, (void)context, (void)name, (void)mech, (void)flags, (void)time, (void)bindings;
  (void)input, (void)actual_mech, (void)output, (void)ret_flags, (void)ret_time;
  return nts_gss_unavailable(minor);
}
nts_gss_status gss_display_status(nts_gss_status* minor, uint32_t status, int type, void* mech,
                                  uint32_t* context, void* text) {
  (void)status, (void)type, (void)mech, (void)context, (void)text;
  return nts_gss_unavailable(minor);
}
nts_gss_status gss_delete_sec_context(nts_gss_status* minor, void** context, void* output) {
  (void)context, (void)output;
  return nts_gss_unavailable(minor);
}
nts_gss_status gss_release_buffer(nts_gss_status* minor, void* buffer) {
  (void)buffer;
  return nts_gss_unavailable(minor);
}
nts_gss_status gss_release_name(nts_gss_status* minor, void** name) {
  (void)name;
  return nts_gss_unavailable(minor);
}
nts_gss_status gss_release_oid_set(nts_gss_status* minor, void** set) {
  (void)set;
  return nts_gss_unavailable(minor);
}
