'use strict';
// The editors' workbench (coherence/workbench): an autocomplete list filter opens the
// list filtered by the record chosen, or unfiltered when the choice is cleared.
{
    const $ = django.jQuery;
    $(function() {
        $('select[data-filter-lookup]').on('change', function() {
            const url = new URL(window.location.href);
            url.searchParams.delete(this.dataset.filterLookup);
            url.searchParams.delete('p');
            if (this.value) {
                url.searchParams.set(this.dataset.filterLookup, this.value);
            }
            window.location.assign(url.toString());
        });
    });
}
