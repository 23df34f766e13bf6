/**
 * The state every form page shares: sending, the announced error or success message, and the summary
 * shown when the form's own checks fail. `submit` runs the request; a string it returns is the success message.
 */
export function useFormSubmit() {
  const error = ref<string | null>(null)
  const success = ref<string | null>(null)
  const sending = ref(false)

  async function submit(action: () => Promise<string | undefined>) {
    error.value = null
    success.value = null
    sending.value = true
    try {
      success.value = (await action()) || null
    }
    catch (e) {
      error.value = apiErrorMessage(e)
    }
    finally {
      sending.value = false
    }
  }

  function onInvalid(event: { errors: { message?: string }[] }) {
    error.value = formErrorSummary(event)
  }

  return { error, success, sending, submit, onInvalid }
}
