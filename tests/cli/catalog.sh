# Shared by the catalog's end-to-end tests (sourced after lib.sh).
# Builds the catalog-add fixture against the library just built (with the sanitizers
# when the build is the ASan one) and makes a small collection in $T/c.

_pkgs="libexif libturbojpeg vips sqlite3 libarchive nettle glib-2.0"
_cc=cc _san=
case "$VOX_BUILD" in
*asan*) _cc=clang _san="-fsanitize=address,undefined -fno-omit-frame-pointer" ;;
esac
# shellcheck disable=SC2046
$_cc -std=gnu11 -D_GNU_SOURCE -pthread $_san -Iinclude $(pkg-config --cflags $_pkgs) \
	-o "$T/catalog-add" tests/cli/catalog-add.c "$VOX_BUILD/libvox.a" \
	$(pkg-config --libs $_pkgs) -lm || { echo "Bail out! cannot build catalog-add"; exit 1; }
PATH="$T:$PATH"
export PATH

# Scrubbed copies of a few corpus photos: real JPEG bytes, distinct from each other.
mkphotos() {
	_i=0
	for _f in Canon_40D.jpg Nikon_D70.jpg Pentax_K10D.jpg Sony_HDR-HC3.jpg Kodak_CX7530.jpg \
	    Olympus_C8080WZ.jpg; do
		_i=$((_i + 1))
		vox scrub -q -o "$T/p$_i.jpg" "$CORPUS/jpg/$_f" || {
			echo "Bail out! vox scrub failed on $_f"
			exit 1
		}
	done
}

# A collection with two pairs and three sites.
mkcollection() {
	vox init -q "$T/c" --title "Test photovoice" &&
	vox pair -C "$T/c" add cornwall --name "Cornwall" &&
	vox pair -C "$T/c" add wales &&
	vox site -C "$T/c" add truro-foodbank --pair cornwall --setting urban &&
	vox site -C "$T/c" add cornwall-farm --pair cornwall --setting rural &&
	vox site -C "$T/c" add cardiff-refugees --pair wales --setting urban
}
