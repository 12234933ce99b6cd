# wine.sh: fleetaudit.exe under Wine, for the tests of the Windows build
# (sourced after common.sh).
#
#   wine_exe   ends the script, its checks so far kept (finish) and one
#              "# SKIP windows" line saying why, when mingw-w64, Wine or
#              the library cache (.ci/windows/deps.sh, built when missing)
#              cannot be had; else builds build/windows/fleetaudit.exe
#              (one failed case and the end when it does not build) and
#              sets WINE (the loader), EXE (the program) and exports
#              WINEPREFIX=$T/wine and WINEDEBUG=-all
wine_exe() {
	WINE=$(command -v wine64 || echo /usr/lib/wine/wine64)
	if ! command -v x86_64-w64-mingw32-gcc >/dev/null ||
	    [ ! -x "$WINE" ] ||
	    ! sh "$top/.ci/windows/deps.sh" >"$T/deps.out" 2>&1; then
		echo "# SKIP windows: mingw-w64, wine64 or the library cache missing"
		finish
	fi
	make -s -C "$top" windows-exe >"$T/make.out" 2>&1 ||
	    { not_ok "make windows-exe"; tail -n 20 "$T/make.out"; finish; }
	EXE=$top/build/windows/fleetaudit.exe
	export WINEPREFIX="$T/wine" WINEDEBUG=-all
}
# wine_settle: waits (60 s at most) until the prefix's first start is
# over: Wine makes a new prefix in the background (wineboot), and a
# program started meanwhile may see it half made.
wine_settle() {
	env -i PATH=/usr/bin:/bin HOME="$T" WINEPREFIX="$WINEPREFIX" \
	    timeout 60 "$(dirname "$WINE")/wineserver" -w 2>/dev/null || true
}
